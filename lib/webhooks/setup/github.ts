import "server-only";
import type { Actor, AuditOutcome } from "@/lib/audit";
import { writeAudit } from "@/lib/audit";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { getIntegration } from "@/lib/integrations/queries";
import type { Deps } from "@/lib/integrations/service";
import { readSecret } from "@/lib/vault/secrets";
import { endpointByToken, endpointSecretRef, listEndpoints } from "../inbound/endpoints";
import { createInboundEndpoint } from "../inbound/service";
import type { SetupResult } from "./stripe";

const refused = (status: number, error: string): SetupResult => ({ kind: "refused", status, error });

/**
 * Setup after save for GitHub: a repository webhook (REST, with the org's token, through the
 * GitHub operator override) pointing at this credential's Switchboard inbound endpoint, reused or
 * made now, signed with that endpoint's generated secret, which therefore never leaves the
 * server except to GitHub. Idempotent: a hook GitHub already has for that URL is reported.
 */
export async function setupGithubWebhook(
  deps: Deps, actor: Actor, input: { orgId: string; integrationId: string; repository: string; events: string[]; origin: string },
): Promise<SetupResult> {
  const row = await getIntegration(deps.db, input.orgId, input.integrationId);
  if (!row || row.provider !== "github" || row.authType !== "api_key") return refused(404, "That GitHub credential does not exist in this organization.");
  if (row.status !== "VALID") return refused(409, "Verify this token first: setup runs only with a token GitHub has accepted.");

  let endpoint = (await listEndpoints(deps.db, input.orgId)).find((e) => e.integrationId === row.id && e.scheme === "github");
  if (!endpoint) {
    const made = await createInboundEndpoint(deps.db, deps.vault, actor, { orgId: input.orgId, integrationId: row.id, scheme: "github", name: "GitHub events", hmac: null });
    if (made.kind !== "created") return refused(409, made.error);
    endpoint = made.endpoint;
  }
  const withSecret = await endpointByToken(deps.db, endpoint.token);
  if (!withSecret?.sealed) return refused(409, "The inbound endpoint has no signing secret; delete it and try again.");
  const hookSecret = await deps.vault.open(deps.db, endpointSecretRef(input.orgId, endpoint.id, row.id), withSecret.sealed);
  const ref = { orgId: input.orgId, integrationId: row.id, provider: "github" };
  const sealed = await readSecret(deps.db, ref);
  if (!sealed) return refused(404, "That GitHub credential does not exist in this organization.");
  const { token } = parseOpenedCredential(await deps.vault.open(deps.db, ref, sealed));

  const url = `${input.origin}/api/hooks/${endpoint.token}`;
  const ctx = deps.context("github");
  const hooks = `${ctx.baseUrl("https://api.github.com")}/repos/${input.repository}/hooks`;
  const headers = {
    Authorization: `Bearer ${token}`, Accept: "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": ctx.userAgent, "Content-Type": "application/json",
  };
  const audit = (outcome: AuditOutcome, metadata: Record<string, string>) => writeAudit(deps.db, actor, {
    orgId: input.orgId, action: "webhook.provider_setup", provider: "github", integrationId: row.id, outcome,
    metadata: { name: row.name, kind: "github_repository_webhook", repository: input.repository, endpoint: endpoint.id, ...metadata },
  });

  try {
    const listed = await ctx.fetch(hooks, { headers, signal: AbortSignal.timeout(ctx.timeoutMs), redirect: "error" });
    if (listed.ok) {
      const existing = ((await listed.json()) as { id: number; config?: { url?: string } }[]).find((h) => h.config?.url === url);
      if (existing) {
        await audit("exists", { remote_id: String(existing.id) });
        return { kind: "exists", url, remoteId: String(existing.id), hasSecret: true };
      }
    } else {
      await listed.body?.cancel();
      const problem = githubProblem(listed.status);
      await audit("failed", { http_status: String(listed.status) });
      return refused(problem.status, problem.error);
    }
    const res = await ctx.fetch(hooks, {
      method: "POST", headers, signal: AbortSignal.timeout(ctx.timeoutMs), redirect: "error",
      body: JSON.stringify({ name: "web", active: true, events: input.events, config: { url, content_type: "json", secret: hookSecret, insecure_ssl: "0" } }),
    });
    if (res.status !== 201) {
      await res.body?.cancel();
      await audit("failed", { http_status: String(res.status) });
      const problem = githubProblem(res.status);
      return refused(problem.status, problem.error);
    }
    const created = (await res.json()) as { id: number };
    await audit("created", { remote_id: String(created.id), events: input.events.join(",") });
    return { kind: "created", url, remoteId: String(created.id) };
  } catch {
    await audit("failed", { http_status: "none" });
    return refused(503, "GitHub could not be reached; nothing was created. Try again in a minute.");
  }
}

/** GitHub answers 404 for a repository the token may not see, as well as for one that does not exist. */
function githubProblem(status: number): { status: number; error: string } {
  if (status === 401) return { status: 502, error: "GitHub refused this token. Re-validate it, or paste a new one." };
  if (status === 403 || status === 404) {
    return { status: 400, error: "GitHub does not let this token manage that repository's webhooks: check owner/name, and that the token has Webhooks: write (fine-grained) or admin:repo_hook (classic) on it." };
  }
  if (status === 422) return { status: 409, error: "GitHub refused the webhook (it may already exist with other settings); check the repository's Webhooks page." };
  return { status: 503, error: `GitHub answered ${status}; nothing was created. Try again in a minute.` };
}
