import { BrandIcon } from "@/components/ui/brand-icon";
import { GlassCard } from "@/components/ui/glass-card";
import { StatusBadge } from "@/components/ui/status-badge";
import type { IntegrationStatus } from "@/lib/integrations/queries";

interface Props {
  href: string;
  provider: { id: string; name: string; description: string; iconSlug: string | null };
  status: IntegrationStatus;
  accountLabel: string | null;
  count: number;
}

export function IntegrationTile({ href, provider, status, accountLabel, count }: Props) {
  return (
    <GlassCard href={href} className="flex h-full flex-col gap-4 p-5" data-provider={provider.id}>
      <div className="flex items-start justify-between gap-3">
        <div className="flex items-center gap-3">
          <BrandIcon slug={provider.iconSlug} name={provider.name} size={40} />
          <h3 className="font-medium text-white">{provider.name}</h3>
        </div>
        <StatusBadge status={status} />
      </div>
      <p className="text-sm text-fg-muted">
        {accountLabel
          ? `${accountLabel}${count > 1 ? ` · ${count} credentials` : ""}`
          : provider.description}
      </p>
    </GlassCard>
  );
}
