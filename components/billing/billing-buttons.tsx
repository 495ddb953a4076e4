"use client";

import { useActionState } from "react";
import { openPortalAction } from "@/actions/billing/open-portal";
import { startCheckoutAction } from "@/actions/billing/start-checkout";
import { Button } from "@/components/ui/button";

interface Props {
  orgSlug: string;
  /** Paid plans the org can move to by Checkout; empty once it has a subscription (the portal changes it). */
  upgrades: { id: "team" | "business"; name: string }[];
  canManage: boolean;
}

/** Owners' billing buttons: each opens a Stripe page (the action redirects there), errors said in place. */
export function BillingButtons({ orgSlug, upgrades, canManage }: Props) {
  const [checkout, upgrade, upgrading] = useActionState(startCheckoutAction, null);
  const [portal, manage, managing] = useActionState(openPortalAction, null);
  const error = (checkout && !checkout.ok && checkout.error) || (portal && !portal.ok && portal.error);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-3">
        {upgrades.map((p, i) => (
          <form key={p.id} action={upgrade}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="plan" value={p.id} />
            <Button type="submit" variant={i === 0 ? "primary" : "secondary"} pending={upgrading}>Upgrade to {p.name}</Button>
          </form>
        ))}
        {canManage && (
          <form action={manage}>
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <Button type="submit" variant={upgrades.length ? "outline" : "primary"} pending={managing}>Manage billing</Button>
          </form>
        )}
      </div>
      {error && <p role="alert" className="text-sm text-error">{error}</p>}
    </div>
  );
}
