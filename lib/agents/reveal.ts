import "server-only";
import { writeAudit } from "@/lib/audit";
import { getProvider } from "@/lib/providers";
import { agentActor } from "./actor";
import { deriveAwsCredential } from "./aws";
import { openGrantCredential } from "./credential";
import type { AgentDeps } from "./deps";
import { AgentRefusal, isAgentRefusal, isMissingCredential } from "./errors";
import { consumeUse, grantFor, takeRate, type ResolvedGrant } from "./grants";
import { missingCredential } from "./request";
import { DEFAULT_BROKER_LIMITS, type AgentPrincipal } from "./types";

export interface Reveal {
  provider: string;
  credential: { name: string; fingerprint: string | null };
  /** True for a short-lived credential made for this reveal (AWS STS), false for the stored one. */
  derived: boolean;
  expiresAt: Date | null;
  /** The provider's env names and their values, as a .env export would set them. */
  env: Record<string, string>;
}

/**
 * Hands the agent the credential itself, for tools that cannot be proxied; where the provider
 * supports it (AWS) a derived short-lived credential instead. Each reveal takes a use of the grant
 * and is audited before the value is returned, so a reveal that could not be recorded never happens.
 */
export async function revealForAgent(deps: AgentDeps, agent: AgentPrincipal, providerId: string, opts: { credential?: string | null } = {}): Promise<Reveal> {
  let grant: ResolvedGrant | null = null;
  try {
    const provider = getProvider(providerId);
    if (!provider) throw new AgentRefusal("no_grant", `"${providerId}" is not a provider in the Switchboard catalog.`);
    grant = await grantFor(deps.db, agent, provider.id, "reveal", opts.credential);
    await takeRate(deps.db, agent, grant, { ...DEFAULT_BROKER_LIMITS, ...deps.limits });
    const stored = await openGrantCredential(deps, grant);
    if (!stored) throw await missingCredential(deps, agent, provider.id, "reveal");
    await consumeUse(deps.db, grant);
    const derived = provider.agentReveal === "derived" && provider.id === "aws"
      ? await deriveAwsCredential(deps.context(provider.id), stored, grant, agent)
      : null;
    const values: Record<string, string> = derived
      ? { accessKeyId: derived.accessKeyId, secretAccessKey: derived.secretAccessKey, sessionToken: derived.sessionToken, region: derived.region }
      : stored;
    const env = Object.fromEntries(provider.env.map((e) => [e.name, values[e.field]]).filter(([, v]) => typeof v === "string" && v !== ""));
    await writeAudit(deps.db, agentActor(agent), {
      orgId: agent.orgId, action: "agent.reveal", provider: provider.id, integrationId: grant.credential!.id, outcome: derived ? "derived" : "revealed",
      metadata: {
        grant_id: grant.id, credential: grant.credential!.name, fingerprint: grant.credential!.fingerprint, variables: Object.keys(env).join(","),
        expires_at: derived?.expiresAt.toISOString() ?? null, role: derived?.roleArn ?? null,
      },
    });
    return {
      provider: provider.id, credential: { name: grant.credential!.name, fingerprint: grant.credential!.fingerprint },
      derived: Boolean(derived), expiresAt: derived?.expiresAt ?? null, env,
    };
  } catch (err) {
    if ((isAgentRefusal(err) && err.code !== "rate_limited") || isMissingCredential(err)) {
      await writeAudit(deps.db, agentActor(agent), {
        orgId: agent.orgId, action: "agent.refused", provider: getProvider(providerId) ? providerId : undefined,
        integrationId: grant?.credential?.id ?? null, outcome: isMissingCredential(err) ? "credential_missing" : (err as AgentRefusal).code,
        metadata: { operation: "reveal", grant_id: grant?.id ?? null, request_id: isMissingCredential(err) ? err.requestId : null },
      });
    }
    throw err;
  }
}
