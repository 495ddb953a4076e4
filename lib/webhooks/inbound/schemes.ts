import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { verify as verifyGithubSignature } from "@octokit/webhooks-methods";
import Stripe from "stripe";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

/**
 * Verification of one delivery on its raw body, one function per signature scheme, each with the
 * scheme's maintained library (providers.md, section 6). A verdict names the provider's own event
 * or delivery id (the de-duplication key) and its event type, or why it was refused.
 *
 * The MAC is always taken over the bytes as they arrived. The three libraries decode a Buffer as
 * UTF-8 before signing it again (Stripe with a lenient TextDecoder, standardwebhooks with
 * toString(); @octokit/webhooks-methods takes only a string), so a body that is not valid UTF-8
 * would fail even when signed correctly, and two bodies differing only in invalid bytes would share
 * one signature. Each scheme below therefore hands its library the bytes in a form it signs
 * exactly: Stripe a latin1 string with a latin1 HMAC (its documented cryptoProvider hook),
 * standardwebhooks a subclass whose sign() works on the bytes, GitHub's verify the text only when
 * that text is the exact body.
 */
export const SCHEMES = ["stripe", "github", "hmac_sha256", "standard_webhooks"] as const;
export type Scheme = (typeof SCHEMES)[number];

/** Stripe's SDK default and Standard Webhooks' tolerance alike: older deliveries are replays. */
export const TOLERANCE_SECONDS = 300;

export type Refusal = "bad_signature" | "stale" | "no_signature" | "no_secret" | "too_large" | "malformed";

export type Verdict =
  /** livemode: Stripe's flag for a live-mode event, when the event carries one. */
  | { ok: true; externalId: string; eventType: string; livemode?: boolean }
  | { ok: false; refusal: Refusal; detail: string };

/** Generic HMAC's settings, from the endpoint row. */
export interface HmacSettings { signatureHeader: string; encoding: "hex" | "base64"; idHeader: string | null }

export interface Incoming {
  /** The body as it arrived (lib/net/read-body.ts). */
  raw: Buffer;
  headers: Headers;
  secret: string;
  hmac?: HmacSettings;
}

/** The type string kept and streamed: the provider's own when it fits the event schema's charset. */
const EVENT_TYPE = /^[A-Za-z0-9_.:/-]{1,100}$/;
const ID = /^[\x21-\x7e]{1,200}$/;
export const safeEventType = (value: unknown) => (typeof value === "string" && EVENT_TYPE.test(value) ? value : "unknown");

const refuse = (refusal: Refusal, detail: string): Verdict => ({ ok: false, refusal, detail });

function jsonField(raw: Buffer, field: string): unknown {
  try {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

// Static: verification needs no API key, and no request ever leaves from here.
const stripeWebhooks = Stripe.webhooks;

/** Stripe's HMAC over `${timestamp}.${payload}` with the payload passed as latin1: one char per byte, so the bytes as sent. */
class RawBytesCryptoProvider extends Stripe.CryptoProvider {
  override computeHMACSignature(payload: string, secret: string): string {
    return createHmac("sha256", secret).update(payload, "latin1").digest("hex");
  }
  override async computeHMACSignatureAsync(payload: string, secret: string): Promise<string> {
    return this.computeHMACSignature(payload, secret);
  }
  override async computeSHA256Async(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(createHash("sha256").update(data).digest());
  }
}
const rawBytesCrypto = new RawBytesCryptoProvider();

function verifyStripe({ raw, headers, secret }: Incoming): Verdict {
  const header = headers.get("stripe-signature");
  if (!header) return refuse("no_signature", "No Stripe-Signature header.");
  let event: { id?: unknown; type?: unknown; livemode?: unknown };
  try {
    // The id and type are ASCII, so they parse the same from the latin1 text as from UTF-8.
    event = stripeWebhooks.constructEvent(raw.toString("latin1"), header, secret, TOLERANCE_SECONDS, rawBytesCrypto) as unknown as typeof event;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      return /tolerance/i.test(err.message)
        ? refuse("stale", "The Stripe-Signature timestamp is more than 5 minutes old.")
        : refuse("bad_signature", "The Stripe-Signature header does not match this body and the endpoint's signing secret.");
    }
    return refuse("malformed", "The signature matched but the body is not a JSON event.");
  }
  if (typeof event.id !== "string" || !ID.test(event.id)) return refuse("malformed", "The event has no id.");
  const verdict: Verdict = { ok: true, externalId: event.id, eventType: safeEventType(event.type) };
  return typeof event.livemode === "boolean" ? { ...verdict, livemode: event.livemode } : verdict;
}

async function verifyGithub({ raw, headers, secret }: Incoming): Promise<Verdict> {
  const signature = headers.get("x-hub-signature-256");
  if (!signature) return refuse("no_signature", "No X-Hub-Signature-256 header.");
  // The library signs a string as UTF-8: given the exact text it checks the exact bytes. A body that
  // is not valid UTF-8 has no such text (GitHub sends none); its HMAC is compared as the generic scheme does.
  const text = exactText(raw);
  const good = text === null
    ? hmacMatches(raw, secret, signature, "hex")
    // The library throws on a malformed header rather than answering false.
    : await verifyGithubSignature(secret, text, signature).catch(() => false);
  if (!good) return refuse("bad_signature", "X-Hub-Signature-256 does not match this body and the endpoint's secret.");
  const delivery = headers.get("x-github-delivery");
  if (!delivery || !ID.test(delivery)) return refuse("malformed", "The signature matched but X-GitHub-Delivery is missing.");
  return { ok: true, externalId: delivery, eventType: safeEventType(headers.get("x-github-event")) };
}

function verifyStandard({ raw, headers, secret }: Incoming): Verdict {
  const wanted = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;
  if (!headers.get("webhook-signature")) return refuse("no_signature", "No webhook-signature header.");
  const values = Object.fromEntries(wanted.map((h) => [h, headers.get(h) ?? ""]));
  try {
    // jsonParse: false: a signed body need not be JSON to be stored; the type is read below.
    new RawBodyWebhook(secret).verify(raw, values, { jsonParse: false });
  } catch (err) {
    if (err instanceof WebhookVerificationError && /timestamp too (old|new)/i.test(err.message)) {
      return refuse("stale", "The webhook-timestamp is more than 5 minutes away from now.");
    }
    return refuse("bad_signature", "webhook-signature does not match this body, its id and timestamp, and the endpoint's secret.");
  }
  const id = values["webhook-id"];
  if (!ID.test(id)) return refuse("malformed", "The webhook-id is not usable.");
  return { ok: true, externalId: id, eventType: safeEventType(jsonField(raw, "type")) };
}

/**
 * HMAC-SHA256 of the raw body in a header of the endpoint's choosing, hex or base64, with or
 * without a "sha256=" prefix. No timestamp, so no staleness: a delivery id header de-duplicates,
 * and without one the body's own digest does (an identical replay is stored once).
 */
function verifyHmac({ raw, headers, secret, hmac }: Incoming): Verdict {
  if (!hmac) return refuse("no_secret", "This endpoint has no HMAC settings.");
  const sent = headers.get(hmac.signatureHeader);
  if (!sent?.trim()) return refuse("no_signature", `No ${hmac.signatureHeader} header.`);
  if (!hmacMatches(raw, secret, sent, hmac.encoding)) {
    return refuse("bad_signature", `${hmac.signatureHeader} does not match the HMAC-SHA256 of this body with the endpoint's secret.`);
  }
  const id = hmac.idHeader ? headers.get(hmac.idHeader) : null;
  if (hmac.idHeader && (!id || !ID.test(id))) return refuse("malformed", `The signature matched but ${hmac.idHeader} is missing.`);
  const externalId = id ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;
  return { ok: true, externalId, eventType: safeEventType(jsonField(raw, "type")) };
}

/** HMAC-SHA256 of the bytes against a hex or base64 signature, with or without a "sha256=" prefix, in constant time. */
function hmacMatches(raw: Buffer, secret: string, header: string, encoding: "hex" | "base64"): boolean {
  const sent = header.trim().replace(/^sha256=/i, "");
  const expected = createHmac("sha256", secret).update(raw).digest();
  const given = Buffer.from(sent, encoding);
  // Buffer.from drops what is not hex/base64, so a re-encoding must give back what was sent.
  const canonical = encoding === "hex" ? given.toString("hex") === sent.toLowerCase() : given.length === 32;
  return canonical && given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as text when that text encodes back to exactly these bytes (a BOM kept), else null. */
function exactText(raw: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    return null;
  }
}

/**
 * standardwebhooks' own header parsing, tolerance and constant-time comparison, with sign() taking
 * the body's bytes: the library's would decode them as UTF-8 first. Same MAC as the spec's:
 * base64 HMAC-SHA256 of "id.timestamp." followed by the body, keyed with the secret after whsec_.
 */
class RawBodyWebhook extends Webhook {
  private readonly rawKey: Buffer;
  constructor(secret: string) {
    super(secret);
    this.rawKey = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  }
  override sign(msgId: string, timestamp: Date, payload: string | Buffer): string {
    const head = `${msgId}.${Math.floor(timestamp.getTime() / 1000)}.`;
    return `v1,${createHmac("sha256", this.rawKey).update(head).update(payload).digest("base64")}`;
  }
}

export async function verifyDelivery(scheme: Scheme, incoming: Incoming): Promise<Verdict> {
  switch (scheme) {
    case "stripe": return verifyStripe(incoming);
    case "github": return verifyGithub(incoming);
    case "standard_webhooks": return verifyStandard(incoming);
    case "hmac_sha256": return verifyHmac(incoming);
  }
}
