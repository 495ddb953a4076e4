import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { UsageRow } from "@/lib/agents/queries";
import { formatWhen } from "@/lib/format";

const WHAT: Record<string, string> = {
  "agent.call": "Call", "agent.reveal": "Reveal", "agent.env": "Env", "agent.list": "List", "agent.refused": "Refused", "request.create": "Request",
};

// The refusal codes of lib/agents (AgentRefusal, the token check) as a person reads them.
const REFUSED: Record<string, string> = {
  agent_revoked: "the agent is revoked", agent_expired: "the agent has expired",
  agent_address_not_allowed: "called from an address it is not allowed to use",
  no_grant: "no grant for this provider", operation_not_granted: "operation not granted", method_not_granted: "method not granted",
  path_not_granted: "path not granted", grant_expired: "the grant has expired", grant_used_up: "the grant has no uses left",
  rate_limited: "too many calls", request_too_large: "request body too large", invalid_path: "invalid path", invalid_request: "invalid request",
  provider_not_proxied: "Switchboard does not proxy this provider", credential_missing: "no usable credential, a request was filed",
  key_service_unavailable: "the key service was unreachable", upstream_timeout: "the provider did not answer in time",
  upstream_unreachable: "the provider could not be reached",
};

type Meta = Record<string, string | number | null | undefined>;

/** One usage row as a plain sentence ("Forwarded, 200", "Refused: path not granted"), never a raw code. */
export function usageSentence(r: UsageRow): string {
  const m = r.metadata as Meta;
  switch (r.action) {
    case "agent.call": {
      if (r.outcome === "timeout") return "The provider did not answer in time";
      if (r.outcome === "unreachable") return "The provider could not be reached";
      const broke = r.outcome === "stream_error" ? "; the answer broke off" : r.outcome === "canceled" ? "; the agent stopped reading" : "";
      return `Forwarded, ${m.upstream_status ?? "no status"}${broke}`;
    }
    case "agent.refused": return `Refused: ${REFUSED[r.outcome] ?? r.outcome.replace(/_/g, " ")}`;
    case "agent.reveal": return r.outcome === "derived" ? `Handed out a short-lived credential from “${m.credential}”` : `Revealed “${m.credential}”`;
    case "agent.env": return r.outcome === "partial" ? "Exported a .env file, some providers skipped" : "Exported a .env file";
    case "agent.list": return "Listed its integrations";
    case "request.create": return "Asked for a credential";
    default: return r.outcome.replace(/_/g, " ");
  }
}

/** The technical part beside the sentence: method and path, time and size. */
function usageDetail(r: UsageRow): string {
  const m = r.metadata as Meta;
  const parts = [[m.method, m.path].filter(Boolean).join(" ")];
  if (r.action === "agent.call" && m.latency_ms != null) parts.push(`${m.latency_ms} ms`);
  if (r.action === "agent.call" && m.bytes_out != null) parts.push(`${m.bytes_out} bytes`);
  if (r.action === "agent.env" && m.variables) parts.push(String(m.variables));
  return parts.filter(Boolean).join(" · ");
}

/** What the agent did, newest first: its own audit rows. Never a secret (the audit trail holds none). */
export function UsageLog({ rows }: { rows: UsageRow[] }) {
  if (rows.length === 0) return <GlassPanel depth={1}><EmptyState title="No usage yet" text="Calls, reveals and refusals appear here." /></GlassPanel>;
  return (
    <GlassPanel depth={1} as="ul" className="divide-y divide-line" aria-label="Usage log, newest first">
      {rows.map((r) => ({ r, detail: usageDetail(r) })).map(({ r, detail }) => (
        <li key={r.id} className="flex flex-wrap gap-x-4 gap-y-1 px-4 py-2 text-sm" data-usage={r.action}>
          <span className="w-36 shrink-0 text-fg-muted">{formatWhen(r.createdAt)}</span>
          <span className="w-20 shrink-0 text-white">{WHAT[r.action] ?? r.action}</span>
          <span className="w-24 shrink-0 text-fg-muted">{r.provider ?? ""}</span>
          <span className="min-w-0 flex-1 text-fg">
            {usageSentence(r)}
            {detail && <code className="ml-2 break-all text-fg-muted">{detail}</code>}
          </span>
        </li>
      ))}
    </GlassPanel>
  );
}
