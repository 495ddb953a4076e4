import "server-only";
import { PEER_HEADER } from "@/lib/net/peer-address";

/**
 * The headers kept with a verified delivery: everything a receiver would look at (event type,
 * delivery id, user agent, content type) and nothing that signs or authenticates. A name that
 * even sounds like a credential is dropped, as is the endpoint's own signature header.
 */
const SECRET_LIKE = /signature|secret|token|auth|cookie|key|password|session/i;
const MAX_HEADERS = 64;
const MAX_VALUE_CHARS = 1000;

export function storedHeaders(headers: Headers, endpoint: { hmac: { signatureHeader: string } | null }): Record<string, string> {
  const kept: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of headers) {
    if (SECRET_LIKE.test(name) || name === PEER_HEADER || name.startsWith("x-switchboard-") || name === endpoint.hmac?.signatureHeader) continue;
    if (++count > MAX_HEADERS) break;
    // Control characters cannot reach jsonb safely (a NUL is refused); headers rarely carry them anyway.
    kept[name] = value.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_VALUE_CHARS);
  }
  return kept;
}
