import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault, type Vault } from "@/lib/vault/vault";
import { receiveDelivery } from "@/lib/webhooks/inbound/receive";
import { freshDb, type DbKind } from "./db";
import { makeOrg } from "./fixtures";
import { openaiKey } from "./health";

export const stripeKeys = (tag: string) => ({
  publishableKey: `pk_test_${tag}${"51Hf".repeat(8)}`,
  secretKey: `sk_test_${tag}${"51Hx".repeat(8)}`,
});
export const githubToken = (tag: string) => `ghp_${tag}${"A1b2C3d4".repeat(5)}`.slice(0, 40);

/** A migrated database, a vault on a local KEK, and an org holding a Stripe, a GitHub and an OpenAI credential. */
export async function inboundEnv(kind: DbKind, slug: string, opts: { stripeWebhookSecret?: string; stripeBaseUrl?: string; githubBaseUrl?: string } = {}) {
  const db: Db = await freshDb(kind);
  const vault: Vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-inbound-"))), cacheTtlMs: 60_000 });
  const org = await makeOrg(db, slug);
  const deps = {
    db, vault,
    context: (id: string) => validationContext({ providerBaseUrls: { stripe: opts.stripeBaseUrl ?? "http://127.0.0.1:9", github: opts.githubBaseUrl ?? "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, id),
  };
  // Saved unverified: receiving needs a stored credential, not a provider call.
  const store = async (provider: string, name: string, credential: Record<string, string>, skipValidation = true) => {
    const res = await setupIntegration(deps, { userId: org.users.admin }, { orgId: org.orgId, provider: getProvider(provider)!, name, credential, skipValidation });
    if (res.kind !== "stored") throw new Error(`fixture ${provider} not stored: ${res.kind}`);
    return res.integrationId;
  };
  const credentials = {
    stripe: await store("stripe", "default", { ...stripeKeys("a"), ...(opts.stripeWebhookSecret ? { webhookSecret: opts.stripeWebhookSecret } : {}) }),
    github: await store("github", "default", { token: githubToken("a") }),
    openai: await store("openai", "default", { apiKey: openaiKey("w") }),
  };
  const actor = { userId: org.users.admin, ip: "203.0.113.9", userAgent: "jest" };
  /** POSTs like a provider, then runs what the route defers until after its answer. */
  const post = async (token: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
    const request = new Request(`http://127.0.0.1/api/hooks/${token}`, {
      method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : new Uint8Array(body),
    });
    const received = await receiveDelivery({ db, vault }, token, request);
    await received.later?.();
    return received;
  };
  const deliveries = async (endpointId: string) => (await db.query<Record<string, unknown>>(
    `select verified, external_id, event_type, refusal, refusal_detail, headers, body, body_bytes from inbound_deliveries where endpoint_id = $1 order by received_at, id`,
    [endpointId])).rows;
  const events = async () => (await db.query<{ type: string; audience: string; data: Record<string, unknown> }>(
    `select type, audience, data from events where org_id = $1 and type = 'webhook.inbound_received' order by id`, [org.orgId])).rows;
  return { db, vault, org, deps, store, credentials, actor, post, deliveries, events, close: () => db.close() };
}
