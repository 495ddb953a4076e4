import "server-only";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { readBodyBytes } from "@/lib/net/read-body";
import { stripeKeyMode } from "@/lib/providers/stripe";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential, type Vault } from "@/lib/vault/vault";
import { endpointByToken, endpointSecretRef, TOKEN_FORMAT, type EndpointWithSecret } from "./endpoints";
import { storedHeaders } from "./headers";
import { verifyDelivery, type Refusal } from "./schemes";

/** Far above any provider's event (Stripe's and GitHub's top out at a few hundred KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Refused deliveries kept per endpoint: enough to see why, too few for a flood to fill a table. */
export const REFUSALS_KEPT = 50;

export interface ReceiveDeps { db: Db; vault: Vault }

export interface Received {
  status: number;
  body: { received: boolean; message: string };
  /** Work for after the answer (recording a refusal, pruning): the route hands it to next/server's after. */
  later: (() => Promise<void>) | null;
}

const STATUS: Record<Refusal, number> = { bad_signature: 400, stale: 400, no_signature: 400, malformed: 400, too_large: 413, no_secret: 409 };

/**
 * One delivery to /api/hooks/<token>: the endpoint it names, the body (at most 1 MB, read as it
 * arrived), its secret, the scheme's verification, then the delivery and its event in one
 * transaction. The provider's id is unique per endpoint, so a retry, even one racing the first
 * attempt, is acknowledged and stored once. Nothing here calls out of the process; refusals are
 * written after the answer. Throws only when the database or key service fails (the route answers 503).
 */
export async function receiveDelivery(deps: ReceiveDeps, token: string, request: Request): Promise<Received> {
  if (!TOKEN_FORMAT.test(token)) return notFound();
  const endpoint = await endpointByToken(deps.db, token);
  if (!endpoint) return notFound();

  // Verified and stored as the bytes that arrived: no decoding between the wire and the MAC.
  const raw = await readBodyBytes(request, MAX_BODY_BYTES);
  if (raw === null) return refused(deps.db, endpoint, "too_large", "The body is over 1 MB.", 0);
  const bytes = raw.length;

  const secret = await signingSecret(deps, endpoint);
  if (!secret.ok) return refused(deps.db, endpoint, "no_secret", secret.detail, bytes);

  const verdict = await verifyDelivery(endpoint.scheme, { raw, headers: request.headers, secret: secret.value, hmac: endpoint.hmac ?? undefined });
  if (!verdict.ok) return refused(deps.db, endpoint, verdict.refusal, verdict.detail, bytes);
  // A signing secret left over from the other mode must not let that mode's events in (Stripe signs
  // test and live endpoints with different secrets, so a match means the stored one is stale).
  if (secret.mode && verdict.livemode !== undefined && (verdict.livemode ? "live" : "test") !== secret.mode) {
    const event = verdict.livemode ? "live" : "test";
    return refused(deps.db, endpoint, "no_secret",
      `This is a ${event}-mode event but the Stripe credential holds ${secret.mode}-mode keys, so its signing secret is not this endpoint's: paste the ${secret.mode}-mode endpoint's signing secret on the Stripe page.`, bytes);
  }

  const stored = await deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into inbound_deliveries (endpoint_id, org_id, verified, external_id, event_type, headers, body, body_bytes)
       values ($1, $2, true, $3, $4, $5::jsonb, $6, $7)
       on conflict (endpoint_id, external_id) where verified do nothing
       returning id`,
      [endpoint.id, endpoint.orgId, verdict.externalId, verdict.eventType, JSON.stringify(storedHeaders(request.headers, endpoint)), raw, bytes],
    );
    if (!rows[0]) return null;
    await appendEvent(tx, {
      orgId: endpoint.orgId, type: "webhook.inbound_received",
      data: { endpointId: endpoint.id, integrationId: endpoint.integrationId, provider: endpoint.provider, deliveryId: rows[0].id, eventType: verdict.eventType, verified: true },
    });
    return rows[0].id;
  });
  return stored
    ? { status: 200, body: { received: true, message: "Stored." }, later: null }
    : { status: 200, body: { received: true, message: "Already received; stored once." }, later: null };
}

const notFound = (): Received => ({ status: 404, body: { received: false, message: "No webhook endpoint at this address." }, later: null });

/** mode: for Stripe, the mode of the credential's secret key, which its events must match. */
type Secret = { ok: true; value: string; mode?: "test" | "live" } | { ok: false; detail: string };

/** Stripe's is the credential's own webhook signing secret field; the others are the endpoint's generated one. */
async function signingSecret(deps: ReceiveDeps, endpoint: EndpointWithSecret): Promise<Secret> {
  try {
    if (endpoint.scheme !== "stripe") {
      if (!endpoint.sealed) return { ok: false, detail: "This endpoint has no signing secret." };
      return { ok: true, value: await deps.vault.open(deps.db, endpointSecretRef(endpoint.orgId, endpoint.id, endpoint.integrationId), endpoint.sealed) };
    }
    const ref = { orgId: endpoint.orgId, integrationId: endpoint.integrationId, provider: endpoint.provider };
    const sealed = await readSecret(deps.db, ref);
    const fields = sealed ? parseOpenedCredential(await deps.vault.open(deps.db, ref, sealed)) : {};
    const value = fields.webhookSecret;
    return value
      ? { ok: true, value, mode: stripeKeyMode(fields.secretKey ?? "") }
      : { ok: false, detail: "The Stripe credential has no webhook signing secret yet: paste it on the Stripe page, or create the endpoint at Stripe from there." };
  } catch (err) {
    // A ciphertext that will never open is this endpoint's problem; a key service outage is not (503, the sender retries).
    if (!isBrokenCredential(err)) throw err;
    return { ok: false, detail: "The signing secret could not be decrypted; create the endpoint again." };
  }
}

/** Answers at once; the refusal is written after the answer, and older ones beyond REFUSALS_KEPT go. */
function refused(db: Db, endpoint: EndpointWithSecret, refusal: Refusal, detail: string, bytes: number): Received {
  const later = async () => {
    await db.query(
      `insert into inbound_deliveries (endpoint_id, org_id, verified, refusal, refusal_detail, body_bytes) values ($1, $2, false, $3, $4, $5)`,
      [endpoint.id, endpoint.orgId, refusal, detail.slice(0, 300), bytes],
    );
    await db.query(
      `delete from inbound_deliveries where endpoint_id = $1 and not verified and id not in (
         select id from inbound_deliveries where endpoint_id = $1 and not verified order by received_at desc, id limit $2)`,
      [endpoint.id, REFUSALS_KEPT],
    );
  };
  return { status: STATUS[refusal], body: { received: false, message: detail }, later };
}
