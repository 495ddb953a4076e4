"use client";

import { useActionState, useState } from "react";
import { declineRequestAction } from "@/actions/requests/decline-request";
import { fulfilRequestAction } from "@/actions/requests/fulfil-request";
import { SetupForm } from "@/components/integrations/setup-form";
import { SetupSteps } from "@/components/integrations/setup-steps";
import { OAuthConnect } from "@/components/oauth/oauth-connect";
import { BrandIcon } from "@/components/ui/brand-icon";
import { Button, buttonClasses } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { GlassPanel } from "@/components/ui/glass-panel";
import { Modal } from "@/components/ui/modal";
import { formatWhen } from "@/lib/format";
import type { PanelItem, PanelProvider } from "@/lib/requests/types";

// The panel's shapes live with the requests domain (lib/requests/read.ts builds them).
export type { PanelItem, PanelProvider };

/**
 * Pending credential requests, for admins. The page re-renders on every request.* event (its
 * LiveRefresh), so a new request appears and a resolved one leaves without a reload; that is also
 * how the dialog closes once the key saved in it passes its check and fulfils the request.
 */
export function RequestsPanel({ orgSlug, items, providers }: { orgSlug: string; items: PanelItem[]; providers: Record<string, PanelProvider> }) {
  const [open, setOpen] = useState<string | null>(null);
  const current = items.find((i) => i.id === open) ?? null;
  if (items.length === 0) return null;
  return (
    <GlassPanel as="section" depth={3} aria-labelledby="requests-title" id="requests" className="mb-8 p-6">
      <h2 id="requests-title" className="text-lg font-medium text-white">
        Credential requests <span className="text-fg-muted">({items.length} pending)</span>
      </h2>
      <ul className="mt-4 space-y-3">
        {items.map((item) => {
          const p = providers[item.provider];
          return (
            <li key={item.id} className="glass-card flex flex-wrap items-center gap-4 rounded-xl border border-line p-4 transition-shadow hover:shadow-[0_0_24px_rgba(220,38,38,0.3)] motion-reduce:transition-none">
              <BrandIcon slug={p?.iconSlug ?? null} name={p?.name ?? item.provider} size={40} />
              <div className="min-w-0 flex-1">
                <p className="font-medium text-white">{p?.name ?? item.provider}</p>
                <p className="break-words text-sm text-fg">{item.reason}</p>
                <p className="mt-1 text-xs text-fg-muted">
                  Asked by {item.requesterLabel}{item.contextLabel ? ` for ${item.contextLabel}` : ""} at {formatWhen(item.createdAt)}; expires {formatWhen(item.expiresAt)}
                  {item.envNames.length > 0 && <> · wants {item.envNames.join(", ")}</>}
                </p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <Button attention onClick={() => setOpen(item.id)} aria-label={`Add credentials: ${p?.name ?? item.provider}`}>Add credentials</Button>
                <DeclineButton orgSlug={orgSlug} item={item} name={p?.name ?? item.provider} />
              </div>
            </li>
          );
        })}
      </ul>
      {current && providers[current.provider] && (
        <AcquisitionDialog orgSlug={orgSlug} item={current} provider={providers[current.provider]} onClose={() => setOpen(null)} />
      )}
    </GlassPanel>
  );
}

function DeclineButton({ orgSlug, item, name }: { orgSlug: string; item: PanelItem; name: string }) {
  const [state, act, pending] = useActionState(declineRequestAction, null);
  return (
    <form action={act} className="flex flex-col items-end gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="requestId" value={item.id} />
      <Button type="submit" variant="outline" pending={pending} aria-label={`Decline the request for ${name}`}>Decline</Button>
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
    </form>
  );
}

/** The provider's guided steps, its OAuth button, "Fetch credentials" to its key page, and the same setup form and live check as its page. */
function AcquisitionDialog({ orgSlug, item, provider, onClose }: { orgSlug: string; item: PanelItem; provider: PanelProvider; onClose: () => void }) {
  const keyBased = provider.fields.length > 0;
  return (
    <Modal open onClose={onClose} title={`Add ${provider.name} credentials`} description={item.reason}>
      <div className="space-y-6">
        <SetupSteps steps={provider.steps} keysUrl={keyBased ? provider.keysUrl : null} providerName={provider.name} />
        {/* The same Connect UI flow as the provider page: Nango's webhook records the connection, which fulfils the request. */}
        {provider.oauth && (
          <div className={keyBased ? "border-b border-line pb-6" : undefined}>
            <OAuthConnect orgSlug={orgSlug} providerId={provider.id} providerName={provider.name} integration={provider.oauth.integration}
              configured={provider.oauth.configured} hasDefault={provider.hasDefault} hasKeyFields={keyBased} />
          </div>
        )}
        {keyBased ? (
          <>
            <p className="text-sm text-fg-muted">
              Get your key from {provider.name}&apos;s dashboard, then paste it below. It is checked with {provider.name} before it is kept, and
              the request is fulfilled once the check passes.
            </p>
            <a href={provider.keysUrl} target="_blank" rel="noopener noreferrer" className={buttonClasses("secondary")}>
              Fetch credentials<span className="sr-only"> (opens {provider.name} in a new window)</span>
            </a>
            <SetupForm orgSlug={orgSlug} providerId={provider.id} providerName={provider.name} fields={provider.fields} hasDefault={provider.hasDefault}
              pendingNote="The request stays open until the key passes a check, at the next re-validation or when you re-validate it." />
          </>
        ) : !provider.oauth ? (
          <a href={`/${orgSlug}/integrations/${provider.id}`} className={buttonClasses("primary")}>Set up {provider.name}</a>
        ) : null}
        {provider.valid.length > 0 && <UseExisting orgSlug={orgSlug} item={item} provider={provider} />}
        <div className="flex justify-end">
          <Button variant="outline" onClick={onClose}>Cancel</Button>
        </div>
      </div>
    </Modal>
  );
}

function UseExisting({ orgSlug, item, provider }: { orgSlug: string; item: PanelItem; provider: PanelProvider }) {
  const [state, act, pending] = useActionState(fulfilRequestAction, null);
  return (
    <form action={act} className="space-y-3 border-t border-line pt-5">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="requestId" value={item.id} />
      <label className="block text-sm text-white" htmlFor={`existing-${item.id}`}>Or answer it with a Valid credential the org already has</label>
      <div className="flex flex-wrap gap-3">
        <select id={`existing-${item.id}`} name="integrationId" className={controlClasses} defaultValue={provider.valid[0].id}>
          {provider.valid.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <Button type="submit" variant="secondary" pending={pending}>Use this credential</Button>
      </div>
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
    </form>
  );
}
