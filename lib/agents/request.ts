import "server-only";
import { approvalPath } from "@/lib/api/requests-present";
import { getProvider } from "@/lib/providers";
import { createRequests } from "@/lib/requests/service";
import type { CreateRequestBody } from "@/lib/zod/requests";
import type { AgentDeps } from "./deps";
import { AgentRefusal, MissingCredential } from "./errors";
import { agentActor } from "./actor";
import type { AgentPrincipal } from "./types";

export interface AgentRequestResult {
  /** The first provider's request (the one to wait on when there is one provider). */
  requestId: string;
  approvalUrl: string;
  requests: { provider: string; requestId: string; approvalUrl: string; coalesced: boolean }[];
}

/**
 * Files a credential request as the agent (or joins its pending one for each provider: a second
 * call while the first waits files nothing). Agents get no callback URL here; they wait with the
 * requests API's long poll or stream, or the MCP server tells them when it is fulfilled.
 */
export async function requestForAgent(
  deps: AgentDeps, agent: AgentPrincipal, input: { providers: string[]; reason: string; envNames?: string[] },
): Promise<AgentRequestResult> {
  const body: CreateRequestBody = {
    providers: input.providers,
    reason: input.reason,
    // No context label: the requester already names the agent ("Asked by Agent x (prefix)").
    ...(input.envNames?.length ? { context: { env: input.envNames } } : {}),
    expires_in_minutes: 24 * 60,
  };
  const result = await createRequests(
    { db: deps.db, vault: deps.vault, hookTarget: async () => ({ ok: false, problem: "Agents do not set callbacks." }), limits: deps.requestLimits },
    agentActor(agent),
    { type: "agent", agentId: agent.agentId, label: `Agent ${agent.name} (${agent.prefix})` },
    agent.orgId,
    body,
  );
  if (result.kind === "bad_input") throw new AgentRefusal("invalid_request", result.error, { field: result.field });
  if (result.kind === "limited") {
    throw new AgentRefusal("rate_limited", result.error, { retry_after: result.retryAfterSeconds }, { "Retry-After": String(result.retryAfterSeconds) });
  }
  const requests = result.requests.map(({ row, coalesced }) => ({
    provider: row.provider, requestId: row.id, approvalUrl: `${deps.origin}${approvalPath(agent.orgSlug, row.id)}`, coalesced,
  }));
  return { requestId: requests[0].requestId, approvalUrl: requests[0].approvalUrl, requests };
}

/** The request for a provider the grant needs but the org cannot serve, as the error the broker throws. */
export async function missingCredential(deps: AgentDeps, agent: AgentPrincipal, provider: string, operation: string): Promise<MissingCredential> {
  const name = getProvider(provider)?.name ?? provider;
  const { requestId, approvalUrl } = await requestForAgent(deps, agent, {
    providers: [provider],
    reason: `Agent ${[...agent.name].slice(0, 60).join("")} needs a working ${name} credential (${operation}).`,
  });
  return new MissingCredential(provider, requestId, approvalUrl,
    `This organization has no usable ${name} credential. A request was sent to its admins: open ${approvalUrl} (a signed-in admin adds the key there), then call again.`);
}
