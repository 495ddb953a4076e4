import { getProvider } from "@/lib/providers";
import type { AgentPreset, ProviderDefinition } from "@/lib/providers/types";

/** Offered for every provider the proxy can call: reads only, anywhere in its API. */
export const READ_ONLY_PRESET: AgentPreset = { id: "read-only", label: "Read only (GET and HEAD)", rules: [{ methods: ["GET", "HEAD"], paths: ["/**"] }] };

/** The presets an admin may pick for this provider; none when the proxy cannot call it. */
export function presetsFor(provider: ProviderDefinition): AgentPreset[] {
  return provider.agentProxy ? [READ_ONLY_PRESET, ...(provider.agentPresets ?? [])] : [];
}

export function findPreset(providerId: string, presetId: string): AgentPreset | null {
  const provider = getProvider(providerId);
  return (provider && presetsFor(provider).find((p) => p.id === presetId)) ?? null;
}
