import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { Db } from "../../lib/db/types";
import { createKmsKek } from "../../lib/vault/kms-kek";
import { createVault, type Vault } from "../../lib/vault/vault";
import { createInboundEndpoint } from "../../lib/webhooks/inbound/service";
import type { CheckResult } from "./checks";
import type { Recorder } from "./record";
import type { SoakOrg } from "./world";

/** A vault on the loopback KMS key the instances use, for what the soak makes through the product's own functions. */
export function soakVault(kms: { url: string; keyId: string; env: Record<string, string> }): Vault {
  return createVault({
    kek: createKmsKek(kms.keyId, { endpoint: kms.url, region: "us-east-1", credentials: { accessKeyId: kms.env.AWS_ACCESS_KEY_ID, secretAccessKey: kms.env.AWS_SECRET_ACCESS_KEY } }),
    cacheTtlMs: 0,
  });
}

/** One org's inbound endpoint (Standard Webhooks) and the deliveries it acknowledged. */
export interface Hook {
  token: string;
  secret: string;
  acked: string[];
  uncertain: string[];
}

const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Each org gets a sender: a Cloudflare token saved without verifying (the load never touches
 * Cloudflare, so no slot sees it) and an inbound endpoint on it, made through the product's own
 * service with a vault on the same loopback KMS key the instances use (soakVault).
 */
export async function prepareHooks(db: Db, vault: Vault, base: string, orgs: SoakOrg[], rec: Recorder, register: (token: string) => void): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (const org of orgs) {
    const token = `cfut_${Array.from(randomBytes(40), (b) => ALNUM[b % ALNUM.length]).join("")}${Array.from(randomBytes(8), (b) => HEX[b % 16]).join("")}`;
    register(token);
    const res = await fetch(`${base}/api/v1/integrations/${org.slug}/cloudflare/setup`, {
      method: "POST", headers: { "x-api-key": org.persons[0].apiKey, "content-type": "application/json" },
      body: JSON.stringify({ credential: { apiToken: token }, credential_name: "webhook-sender", skip_validation: true }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { credential_id?: string };
    if (res.status !== 200 || !body.credential_id) throw new Error(`soak: the webhook sender's credential answered ${res.status}: ${text.slice(0, 200)}`);
    rec.audit(org.orgId, "integration.store", "acked");
    const made = await createInboundEndpoint(db, vault, { userId: org.persons[0].userId, userAgent: "switchboard-soak" }, {
      orgId: org.orgId, integrationId: body.credential_id, scheme: "standard_webhooks", name: "soak sender", hmac: null,
    });
    if (made.kind !== "created" || !made.secret) throw new Error(`soak: the inbound endpoint was not created (${made.kind})`);
    rec.audit(org.orgId, "webhook.inbound_create", "acked");
    const { rows: [row] } = await db.query<{ token: string }>(`select token from inbound_endpoints where id = $1`, [made.endpoint.id]);
    hooks.push({ token: row.token, secret: made.secret, acked: [], uncertain: [] });
  }
  return hooks;
}

/** A signed delivery as a sender sends it (now and then one it already sent: stored once). */
export function signedDelivery(hook: Hook): { id: string; headers: Record<string, string>; body: string } {
  const id = hook.acked.length > 0 && Math.random() < 0.1 ? hook.acked[Math.floor(Math.random() * hook.acked.length)] : `msg_${randomUUID()}`;
  const at = new Date();
  const body = JSON.stringify({ type: "soak.ping", timestamp: at.toISOString(), data: { id } });
  const signature = new Webhook(hook.secret).sign(id, at, body);
  return { id, body, headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature } };
}

/** Every acknowledged delivery stored exactly once, and nothing stored that no sender sent. */
export async function hooksCheck(db: Db, orgs: SoakOrg[], hooks: Hook[]): Promise<CheckResult> {
  const detail: string[] = [];
  let acked = 0;
  for (const [i, hook] of hooks.entries()) {
    const { rows } = await db.query<{ external_id: string; n: number }>(
      `select external_id, count(*)::int as n from inbound_deliveries where org_id = $1 and verified group by 1`, [orgs[i].orgId]);
    const stored = new Map(rows.map((r) => [r.external_id, r.n]));
    const sent = new Set([...hook.acked, ...hook.uncertain]);
    acked += new Set(hook.acked).size;
    for (const id of new Set(hook.acked)) if (stored.get(id) !== 1) detail.push(`${orgs[i].slug}: acknowledged delivery ${id} stored ${stored.get(id) ?? 0} times`);
    for (const id of stored.keys()) if (!sent.has(id)) detail.push(`${orgs[i].slug}: delivery ${id} stored, never sent`);
  }
  return { name: `inbound webhook deliveries: each of ${acked} acknowledged stored exactly once (repeats included)`, ok: detail.length === 0, detail: detail.slice(0, 10) };
}
