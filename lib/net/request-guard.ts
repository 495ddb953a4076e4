import { hasUnsafeCharacters } from "@/lib/zod/text";
import { readBodyText } from "./read-body";

/**
 * Next's own limit on a server action's body (experimental.serverActions.bodySizeLimit, left at its
 * 1 MB default in next.config.mjs). Every form's fields together stay far below it.
 */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const refuse = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * Requests that Next itself would answer with a 500 or pass on to a query, refused in proxy.ts
 * with a 4xx and a sentence instead:
 * - a path holding control characters or broken percent-encoding (a NUL in an org slug reaches
 *   PostgreSQL, which refuses it mid-query);
 * - a server action whose Origin is empty or not an address (Next's CSRF check calls new URL() on it
 *   and throws), or names another site (Next refuses that with a 500 and no reason);
 * - a server action whose body passes the limit (Next answers that with a 500 too): refused unread
 *   when its Content-Length says so, else read up to the limit (Next keeps a copy of the body for
 *   the handler when proxy.ts reads it).
 * Route handlers under /api/ are not server actions and read their bodies with their own limits.
 */
export async function refuseMalformed(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return refuse(400, "This address is not validly encoded.");
  }
  if (hasUnsafeCharacters(path)) return refuse(400, "This address contains control characters, so there is nothing here.");

  const h = request.headers;
  const action = request.method === "POST" && !url.pathname.startsWith("/api/")
    && (h.has("next-action") || (h.get("content-type") ?? "").startsWith("multipart/form-data"));
  if (!action) return null;

  const origin = h.get("origin");
  if (origin !== null) {
    let originHost: string;
    try {
      // As Next compares them: "null" (a sandboxed or privacy-preserving sender) stays "null".
      originHost = origin === "null" ? "null" : new URL(origin).host;
    } catch {
      return refuse(400, "The request's Origin header is empty or not an address, so the action was refused. Send it from Switchboard's own pages.");
    }
    const forwardedHost = h.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (originHost !== forwardedHost && originHost !== h.get("host")) {
      return refuse(403, "This action was sent from another site, so it was refused. Use Switchboard's own pages.");
    }
  }
  const length = h.get("content-length");
  const tooLarge = length !== null
    ? !/^\d+$/.test(length) || Number(length) > ACTION_BODY_LIMIT_BYTES
    : (await readBodyText(request, ACTION_BODY_LIMIT_BYTES)) === null;
  if (tooLarge) return refuse(413, "The form sent more than 1 MB, far more than any credential; nothing was saved. Check what was pasted.");
  return null;
}
