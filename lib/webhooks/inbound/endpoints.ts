import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/types";
import { toBuffer } from "@/lib/vault/org-keys";
import type { SealedSecret, Vault } from "@/lib/vault/vault";
import type { HmacSettings, Scheme } from "./schemes";

/** Endpoint rows and their sealed secrets. Every query takes the org, so an id from elsewhere finds nothing. */
export interface EndpointRow {
  id: string;
  orgId: string;
  integrationId: string;
  provider: string;
  scheme: Scheme;
  name: string;
  token: string;
  hmac: HmacSettings | null;
  createdAt: Date;
}

const COLUMNS = `e.id, e.org_id as "orgId", e.integration_id as "integrationId", e.provider, e.scheme, e.name, e.token,
  e.signature_header as "signatureHeader", e.signature_encoding as "signatureEncoding", e.id_header as "idHeader", e.created_at as "createdAt"`;

type Raw = Omit<EndpointRow, "hmac"> & { signatureHeader: string | null; signatureEncoding: "hex" | "base64" | null; idHeader: string | null };

const toRow = ({ signatureHeader, signatureEncoding, idHeader, ...r }: Raw): EndpointRow => ({
  ...r,
  hmac: signatureHeader && signatureEncoding ? { signatureHeader, encoding: signatureEncoding, idHeader } : null,
});

/** 32 random bytes: the URL cannot be guessed, though the signature is what authenticates a delivery. */
export const newEndpointToken = () => randomBytes(32).toString("base64url");
export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * The AAD of an endpoint's generated secret names the endpoint and the credential it belongs to:
 * copied to another endpoint, org or credential, it does not open.
 */
export const endpointSecretRef = (orgId: string, endpointId: string, integrationId: string) =>
  ({ orgId, integrationId: endpointId, provider: `inbound_endpoint:${integrationId.toLowerCase()}`, secretVersion: 1 });

/** A generated signing secret in the form its scheme's senders expect. */
export function generateSecret(scheme: Exclude<Scheme, "stripe">): string {
  // Standard Webhooks: whsec_ + base64 of 24-64 random bytes (the HMAC key is the decoded bytes).
  if (scheme === "standard_webhooks") return `whsec_${randomBytes(32).toString("base64")}`;
  // GitHub and generic HMAC use the secret's text as the key: 32 bytes as hex.
  return randomBytes(32).toString("hex");
}

export interface NewEndpoint {
  orgId: string;
  integrationId: string;
  provider: string;
  scheme: Scheme;
  name: string;
  hmac: HmacSettings | null;
  createdBy: string | null;
}

/** Inserts the endpoint and, unless Stripe (whose secret is the credential's own field), its sealed secret. */
export async function insertEndpoint(db: Db, vault: Vault, e: NewEndpoint, secret: string | null): Promise<EndpointRow> {
  const { rows } = await db.query<{ id: string }>(`select gen_random_uuid()::text as id`);
  const id = rows[0].id;
  const sealed = secret === null ? null : await vault.seal(db, endpointSecretRef(e.orgId, id, e.integrationId), secret);
  const inserted = await db.query<Raw>(
    `insert into inbound_endpoints as e (id, org_id, integration_id, provider, scheme, name, token, signature_header, signature_encoding,
        id_header, secret_key_version, secret_iv, secret_ciphertext, secret_auth_tag, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     returning ${COLUMNS}`,
    [id, e.orgId, e.integrationId, e.provider, e.scheme, e.name, newEndpointToken(), e.hmac?.signatureHeader ?? null,
      e.hmac?.encoding ?? null, e.hmac?.idHeader ?? null, sealed?.keyVersion ?? null, sealed?.iv ?? null,
      sealed?.ciphertext ?? null, sealed?.authTag ?? null, e.createdBy],
  );
  return toRow(inserted.rows[0]);
}

export async function listEndpoints(db: Db, orgId: string): Promise<EndpointRow[]> {
  const { rows } = await db.query<Raw>(`select ${COLUMNS} from inbound_endpoints e where e.org_id = $1 order by e.created_at, e.id`, [orgId]);
  return rows.map(toRow);
}

export async function getEndpoint(db: Db, orgId: string, id: string): Promise<EndpointRow | null> {
  const { rows } = await db.query<Raw>(`select ${COLUMNS} from inbound_endpoints e where e.org_id = $1 and e.id = $2`, [orgId, id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export interface EndpointWithSecret extends EndpointRow { sealed: SealedSecret | null }

/** The endpoint a delivery's URL names, with its sealed secret, for the receiving route only. */
export async function endpointByToken(db: Db, token: string): Promise<EndpointWithSecret | null> {
  const { rows } = await db.query<Raw & { keyVersion: number | null; iv: Uint8Array | null; ciphertext: Uint8Array | null; authTag: Uint8Array | null }>(
    `select ${COLUMNS}, e.secret_key_version as "keyVersion", e.secret_iv as iv, e.secret_ciphertext as ciphertext, e.secret_auth_tag as "authTag"
       from inbound_endpoints e where e.token = $1`,
    [token],
  );
  const r = rows[0];
  if (!r) return null;
  const { keyVersion, iv, ciphertext, authTag, ...rest } = r;
  const sealed = keyVersion !== null && iv && ciphertext && authTag
    ? { keyVersion, secretVersion: 1, iv: toBuffer(iv), ciphertext: toBuffer(ciphertext), authTag: toBuffer(authTag) }
    : null;
  return { ...toRow(rest), sealed };
}

export async function deleteEndpoint(db: Db, orgId: string, id: string): Promise<EndpointRow | null> {
  const { rows } = await db.query<Raw>(`delete from inbound_endpoints e where e.org_id = $1 and e.id = $2 returning ${COLUMNS}`, [orgId, id]);
  return rows[0] ? toRow(rows[0]) : null;
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  verified: boolean;
  externalId: string | null;
  eventType: string | null;
  refusal: string | null;
  refusalDetail: string | null;
  bodyBytes: number;
  receivedAt: Date;
}

/** Each endpoint's latest deliveries, verified and refused alike, newest first: never a body or header. */
export async function recentDeliveries(db: Db, orgId: string, perEndpoint = 20): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `select d.id, d.endpoint_id as "endpointId", d.verified, d.external_id as "externalId", d.event_type as "eventType", d.refusal,
        d.refusal_detail as "refusalDetail", d.body_bytes as "bodyBytes", d.received_at as "receivedAt"
       from inbound_endpoints e cross join lateral (
         select x.id, x.endpoint_id, x.verified, x.external_id, x.event_type, x.refusal, x.refusal_detail, x.body_bytes, x.received_at
           from inbound_deliveries x where x.endpoint_id = e.id order by x.received_at desc, x.id limit $2) d
      where e.org_id = $1 order by d.received_at desc, d.id`,
    [orgId, perEndpoint],
  );
  return rows;
}
