import { GlassPanel } from "@/components/ui/glass-panel";
import type { CheckHistoryRow } from "@/lib/integrations/history";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { CheckTimeline } from "./check-timeline";

/** Health over time for each stored credential of one provider. */
export function CheckHistory({ rows, checks }: { rows: Pick<IntegrationRow, "id" | "name">[]; checks: CheckHistoryRow[] }) {
  return (
    <GlassPanel depth={1} as="section" aria-labelledby="check-history-title" className="space-y-4 p-6">
      <div>
        <h2 id="check-history-title" className="text-lg font-medium text-white">Check history</h2>
        <p className="text-sm text-fg-muted">Every check with the provider: at setup, on re-validation and on the daily schedule.</p>
      </div>
      <ul className="space-y-4">
        {rows.map((r) => (
          <li key={r.id} className="space-y-1">
            <h3 className="text-sm font-medium text-white">{r.name}</h3>
            <CheckTimeline name={r.name} checks={checks.filter((c) => c.integrationId === r.id)} />
          </li>
        ))}
      </ul>
    </GlassPanel>
  );
}
