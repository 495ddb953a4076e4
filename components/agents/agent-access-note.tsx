import { GlassPanel } from "@/components/ui/glass-panel";
import { presetsFor } from "@/lib/agents/presets";
import type { ProviderDefinition } from "@/lib/providers/types";

/** On each provider page: how agents may use this provider, and what a reveal hands out. */
export function AgentAccessNote({ provider, orgSlug }: { provider: Pick<ProviderDefinition, "name" | "agentProxy" | "agentPresets" | "agentReveal">; orgSlug: string }) {
  const presets = presetsFor(provider as ProviderDefinition);
  return (
    <GlassPanel as="section" depth={1} className="p-5" aria-label="Agent access">
      <h2 className="text-base font-medium text-white">Agent access</h2>
      <ul className="mt-2 space-y-1 text-sm text-fg-muted">
        <li>
          {provider.agentProxy
            ? <>Agents can call the {provider.name} API through Switchboard without seeing the key. Presets: {presets.map((p) => p.label).join("; ")}.</>
            : <>Switchboard does not proxy {provider.name} calls; agents can be granted reveal or env.</>}
        </li>
        <li data-reveal={provider.agentReveal === "derived" ? "derived" : "stored"}>
          {provider.agentReveal === "derived"
            ? <>Reveals are derived: each hands the agent a short-lived credential from AWS STS (15 minutes unless the grant says otherwise), never the stored key.</>
            : <>Reveals hand the agent the stored secret itself; prefer the proxy where it is offered.</>}
        </li>
      </ul>
      <p className="mt-2 text-sm"><a className="text-white underline" href={`/${orgSlug}/settings/agents`}>Settings, Agents</a></p>
    </GlassPanel>
  );
}
