import Link from "next/link";
import { BrandIcon } from "@/components/ui/brand-icon";
import { StatusChange } from "@/components/ui/motion";
import { StatusBadge } from "@/components/ui/status-badge";
import { otherValidNote, type ProviderStatus } from "@/lib/integrations/provider-status";
import type { ProviderDefinition } from "@/lib/providers/types";

/** `status`: the default's status, and how many other credentials are Valid (provider-status.ts). */
export function ProviderHeader({ orgSlug, provider, status, canEdit }: { orgSlug: string; provider: ProviderDefinition; status: ProviderStatus; canEdit: boolean }) {
  const note = otherValidNote(status);
  return (
    <div>
      <Link href={`/${orgSlug}/integrations`} className="text-sm text-fg-muted hover:text-white focus-ring rounded">
        Back to integrations
      </Link>
      <div className="mt-4 flex items-center gap-4">
        <BrandIcon slug={provider.iconSlug} name={provider.name} size={56} />
        <div className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2">
          <h1 className="text-2xl font-semibold text-white sm:text-3xl">{provider.name}</h1>
          <StatusChange status={status.status}><StatusBadge status={status.status} /></StatusChange>
        </div>
      </div>
      {note && (
        <p className="mt-3 text-sm text-fg" data-other-valid={status.otherValid}>
          {note} {canEdit ? `Make ${status.otherValid === 1 ? "it" : "one of them"} the default below so exports hand out a working key.` : "Exports hand out the default; an owner or admin can change it."}
        </p>
      )}
      <p className="mt-3 max-w-2xl text-fg-muted">{provider.description}</p>
    </div>
  );
}
