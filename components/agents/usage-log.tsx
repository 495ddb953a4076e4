import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { UsageRow } from "@/lib/agents/queries";
import { formatWhen } from "@/lib/format";

const WHAT: Record<string, string> = { "agent.call": "Call", "agent.reveal": "Reveal", "agent.env": "Env", "agent.refused": "Refused", "request.create": "Asked for a credential" };

const detail = (r: UsageRow) => {
  const m = r.metadata as Record<string, string | number | null | undefined>;
  if (r.action === "agent.call") return `${m.method} ${m.path} → ${m.upstream_status ?? r.outcome}${m.latency_ms != null ? ` in ${m.latency_ms} ms` : ""}${m.bytes_out != null ? `, ${m.bytes_out} bytes` : ""}`;
  if (r.action === "agent.refused") return `${m.operation ?? ""} ${m.method ?? ""} ${m.path ?? ""}: ${r.outcome.replace(/_/g, " ")}`.trim();
  if (r.action === "agent.reveal") return `${m.credential ?? ""} (${r.outcome})`;
  return r.outcome;
};

/** What the agent did, newest first: its own audit rows. Never a secret (the audit trail holds none). */
export function UsageLog({ rows }: { rows: UsageRow[] }) {
  if (rows.length === 0) return <GlassPanel depth={1}><EmptyState title="No usage yet" text="Calls, reveals and refusals appear here." /></GlassPanel>;
  return (
    <GlassPanel depth={1} as="ul" className="divide-y divide-line" aria-label="Usage log, newest first">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-2 text-sm" data-usage={r.action}>
          <span className="w-36 shrink-0 text-fg-muted">{formatWhen(r.createdAt)}</span>
          <span className="w-28 shrink-0 text-white">{WHAT[r.action] ?? r.action}</span>
          <span className="text-fg-muted">{r.provider ?? ""}</span>
          <code className="min-w-0 flex-1 break-all text-fg">{detail(r)}</code>
        </li>
      ))}
    </GlassPanel>
  );
}
