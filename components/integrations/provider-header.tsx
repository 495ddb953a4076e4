import Link from "next/link";
import { BrandIcon } from "@/components/ui/brand-icon";
import { StatusChange } from "@/components/ui/motion";
import { StatusBadge } from "@/components/ui/status-badge";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import type { ProviderDefinition } from "@/lib/providers/types";

export function ProviderHeader({ orgSlug, provider, status }: { orgSlug: string; provider: ProviderDefinition; status: IntegrationStatus }) {
  return (
    <div>
      <Link href={`/${orgSlug}/integrations`} className="text-sm text-fg-muted hover:text-white focus-ring rounded">
        Back to integrations
      </Link>
      <div className="mt-4 flex items-center gap-4">
        <BrandIcon slug={provider.iconSlug} name={provider.name} size={56} />
        <div className="flex min-w-0 flex-wrap items-center gap-x-4 gap-y-2">
          <h1 className="text-2xl font-semibold text-white sm:text-3xl">{provider.name}</h1>
          <StatusChange status={status}><StatusBadge status={status} /></StatusChange>
        </div>
      </div>
      <p className="mt-3 max-w-2xl text-fg-muted">{provider.description}</p>
    </div>
  );
}
