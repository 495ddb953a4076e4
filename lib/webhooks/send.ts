import "server-only";
import { Webhook } from "standardwebhooks";

/** How many bytes of a receiver's answer are kept, for the attempts list. */
export const EXCERPT_BYTES = 512;

export interface SignedMessage {
  /** The webhook-id header: the same on every retry of one message, for receivers to deduplicate. */
  id: string;
  body: string;
  /** Every secret that signs it: two while a rotation's old secret still signs alongside the new one. */
  secrets: readonly string[];
}

export interface SendOutcome {
  /** The HTTP status, or null when no answer came (timeout, connection refused). */
  status: number | null;
  latencyMs: number;
  /** The answer's first bytes, as text. */
  excerpt: string | null;
  retryAfter: string | null;
  /** Why it failed without an answer: an error's name and first line, never a URL's query or a secret. */
  error: string | null;
}

/** The Standard Webhooks headers: one `v1,<signature>` per secret, space-separated. */
export function signedHeaders(message: SignedMessage, at: Date): Record<string, string> {
  const signature = message.secrets.map((s) => new Webhook(s).sign(message.id, at, message.body)).join(" ");
  return {
    "content-type": "application/json",
    "user-agent": "Switchboard-Webhooks/1",
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/**
 * One signed POST through the given fetch (a pinned one: lib/requests/callback.ts), bounded by
 * timeoutMs for the answer and its first bytes. Never throws: what happened is in the outcome.
 * Shared by credential-request callbacks (lib/requests/webhooks.ts) and subscriptions (./worker.ts).
 */
export async function sendSigned(send: typeof fetch, url: string, message: SignedMessage, timeoutMs: number): Promise<SendOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await send(url, {
      method: "POST",
      headers: signedHeaders(message, new Date()),
      body: message.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const latencyMs = latency();
    const excerpt = await firstBytes(res, message.secrets);
    return { status: res.status, latencyMs, excerpt, retryAfter: res.headers.get("retry-after"), error: null };
  } catch (err) {
    return { status: null, latencyMs: latency(), excerpt: null, retryAfter: null, error: describeFailure(err) };
  }
}

/** What stands in the attempts list where the answer quoted a signing secret. */
export const SECRET_MASK = "[signing secret]";

/**
 * The forms a receiver could echo a secret in: as given, without its whsec_ prefix, with JSON's
 * optional "\/" escape, URL-encoded. Longest first, so a longer form is masked before its parts.
 */
function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((s) => {
    const bare = s.replace(/^whsec_/, "");
    return [s, bare].flatMap((v) => [v, v.replaceAll("/", "\\/"), encodeURIComponent(v)]);
  });
  return [...new Set(forms)].filter((f) => f.length >= 16).sort((a, b) => b.length - a.length);
}

/**
 * Reads at most EXCERPT_BYTES of the body (plus enough to see a secret across the cut) and drops
 * the rest; a body that fails mid-way keeps what came. A receiver may quote the secret it checks
 * with ("expected whsec_…"): the excerpt is shown to admins, so every form of it is masked first.
 */
async function firstBytes(res: Response, secrets: readonly string[]): Promise<string | null> {
  if (!res.body) return null;
  const forms = secretForms(secrets);
  const window = EXCERPT_BYTES + (forms[0]?.length ?? 0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < window) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // The timeout or the receiver ended the body: what arrived is still worth showing.
  } finally {
    await reader.cancel().catch(() => {});
  }
  // Masked before the cut, so a secret that straddles it leaves no prefix behind. Secrets are ASCII,
  // so masking the latin1 text changes exactly their bytes.
  let read = Buffer.concat(chunks).subarray(0, window).toString("latin1");
  for (const form of forms) read = read.replaceAll(form, SECRET_MASK);
  const text = Buffer.from(read, "latin1").subarray(0, EXCERPT_BYTES).toString("utf8");
  // A cut may split a character; control characters have no place on the page.
  return text.replace(/\uFFFD$/, "").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "") || null;
}

/** A failure's name and first line (an abort's reason is a DOMException, not always an Error). */
function describeFailure(err: unknown): string {
  if (typeof err !== "object" || err === null || typeof (err as Error).message !== "string") return "delivery failed";
  const e = err as Error;
  return `${e.name || "Error"}: ${e.message.split("\n")[0].slice(0, 200)}`;
}
