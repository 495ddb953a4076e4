import { GlassPanel } from "@/components/ui/glass-panel";
import { presetsFor } from "@/lib/agents/presets";
import type { GrantRow } from "@/lib/agents/types";
import { formatWhen } from "@/lib/format";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { getProvider, providers } from "@/lib/providers";
import { GRANT_COLUMNS } from "./grant-columns";
import { GrantRowForm, type GrantState, type GrantTarget } from "./grant-row-form";

function target(value: string, providerId: string, label: string, status: GrantTarget["status"]): GrantTarget | null {
  const p = getProvider(providerId);
  if (!p) return null;
  return { value, label, status, proxyable: Boolean(p.agentProxy), derivedReveal: p.agentReveal === "derived", presets: presetsFor(p).map(({ id, label: l }) => ({ id, label: l })) };
}

function grantState(g: GrantRow, now: number): GrantState {
  const expired = g.expiresAt && new Date(g.expiresAt).getTime() <= now;
  return {
    id: g.id, operations: g.operations, preset: g.preset, maxUses: g.maxUses, uses: g.uses, revealMinutes: Math.round(g.revealSeconds / 60), awsRoleArn: g.awsRoleArn,
    rulesText: g.preset === "custom" || !g.preset ? g.proxyRules.map((r) => `${r.methods.join(",")} ${r.paths.join(" ")}`).join("\n") : "",
    expiresWord: g.expiresAt ? `${expired ? "Expired" : "Expires"} ${formatWhen(g.expiresAt)}` : "Never expires",
  };
}

/**
 * An agent's integrations by operations: a row per credential and per provider default the org
 * has (and per default already granted), each saved as one grant; then a row to add any other
 * provider's default, so a grant can wait for a key that does not exist yet.
 */
export function GrantMatrix({ orgSlug, agentId, integrations, grants, now }: { orgSlug: string; agentId: string; integrations: IntegrationRow[]; grants: GrantRow[]; now: number }) {
  const rows: { t: GrantTarget; g: GrantRow | null }[] = [];
  const byTarget = new Map(grants.map((g) => [g.integrationId ?? `default:${g.provider}`, g]));
  const withDefaults = new Set([...integrations.map((i) => i.provider), ...grants.filter((g) => !g.integrationId).map((g) => g.provider)]);
  for (const providerId of [...withDefaults].sort()) {
    const def = integrations.find((i) => i.provider === providerId && i.isDefault);
    const name = getProvider(providerId)?.name ?? providerId;
    const t = target(`default:${providerId}`, providerId, `${name} · provider default${def ? ` (now “${def.name}”)` : ", no credential yet"}`, def?.status ?? "NOT_CONFIGURED");
    if (t) rows.push({ t, g: byTarget.get(t.value) ?? null });
    for (const i of integrations.filter((x) => x.provider === providerId)) {
      const ti = target(i.id, providerId, `${name} · “${i.name}”`, i.status);
      if (ti) rows.push({ t: ti, g: byTarget.get(i.id) ?? null });
    }
  }
  const others = providers.filter((p) => !withDefaults.has(p.id)).map((p) => target(`default:${p.id}`, p.id, p.name, "NOT_CONFIGURED")).filter((t): t is GrantTarget => t !== null);
  return (
    <GlassPanel depth={2} as="section" aria-label="Grants" className="overflow-hidden">
      <div className={`hidden gap-3 border-b border-line px-4 py-2 text-xs uppercase tracking-wide text-fg-muted lg:grid ${GRANT_COLUMNS}`} aria-hidden data-grant-header>
        <span>Integration</span><span>Proxy</span><span>Reveal</span><span>Env</span><span>Operations and limits</span><span />
      </div>
      <ul className="divide-y divide-line">
        {rows.map(({ t, g }) => <GrantRowForm key={`${t.value}-${g?.id ?? "new"}`} orgSlug={orgSlug} agentId={agentId} targets={[t]} grant={g ? grantState(g, now) : null} />)}
        {others.length > 0 && <GrantRowForm key="add" orgSlug={orgSlug} agentId={agentId} targets={others} grant={null} />}
      </ul>
    </GlassPanel>
  );
}
