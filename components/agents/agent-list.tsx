import Link from "next/link";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { AgentRow } from "@/lib/agents/queries";
import { formatWhen } from "@/lib/format";
import { RevokeAgentButton } from "./revoke-agent-button";

export function agentState(a: Pick<AgentRow, "revokedAt" | "expiresAt">, now: number): { word: string; live: boolean } {
  if (a.revokedAt) return { word: `Revoked ${formatWhen(a.revokedAt)}`, live: false };
  if (a.expiresAt && new Date(a.expiresAt).getTime() <= now) return { word: `Expired ${formatWhen(a.expiresAt)}`, live: false };
  return { word: a.expiresAt ? `Expires ${formatWhen(a.expiresAt)}` : "Never expires", live: true };
}

/** The org's agents by token prefix; the secret part was shown once, at creation. */
export function AgentList({ orgSlug, agents, now }: { orgSlug: string; agents: AgentRow[]; now: number }) {
  return (
    <GlassPanel depth={2} as="ul" className="divide-y divide-line" aria-label="Agents">
      {agents.map((a) => {
        const s = agentState(a, now);
        return (
          <li key={a.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4" data-agent={a.prefix}>
            <div className="min-w-0 flex-1 space-y-0.5">
              <p className="text-white">
                <Link className="focus-ring rounded underline-offset-4 hover:underline" href={`/${orgSlug}/settings/agents/${a.id}`}>{a.name}</Link>
                <code className="ml-2 text-xs text-fg-muted">sba_{a.prefix}_…</code>
              </p>
              {a.description && <p className="text-sm text-fg-muted">{a.description}</p>}
              <p className="text-sm text-fg-muted">
                {s.word} · {a.lastUsedAt ? `Last used ${formatWhen(a.lastUsedAt)}${a.lastUsedIp ? ` from ${a.lastUsedIp}` : ""}` : "Never used"}
                {a.allowedCidrs.length > 0 && ` · From ${a.allowedCidrs.join(", ")} only`}
              </p>
            </div>
            {s.live && <RevokeAgentButton orgSlug={orgSlug} agentId={a.id} name={a.name} />}
          </li>
        );
      })}
    </GlassPanel>
  );
}
