import { getDb } from "@/lib/db";
import { clientIp } from "@/lib/net/client-ip";
import { readBodyText } from "@/lib/net/read-body";
import { getNango } from "@/lib/oauth/client";
import { handleNangoWebhook } from "@/lib/oauth/webhook";

// Signed bodies must be read raw and never cached; the Nango SDK needs Node's crypto.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Nango's auth webhooks are a few hundred bytes; refuse anything large before hashing it.
const MAX_BODY_BYTES = 64 * 1024;

/** Nango's auth webhooks: connection created or repaired (VALID), token refresh failed (INVALID). */
export async function POST(request: Request) {
  // The HMAC covers the exact bytes Nango sent: read the text, never a re-serialised JSON.
  const raw = await readBodyText(request, MAX_BODY_BYTES);
  if (raw === null) return Response.json({ ok: false, result: "Body too large." }, { status: 413 });
  const headers = Object.fromEntries(request.headers);
  const actor = {
    userId: null,
    ip: clientIp((n) => headers[n]),
    userAgent: headers["user-agent"] ?? "Nango webhook",
  };
  const { status, body } = await handleNangoWebhook(getNango(), getDb, raw, headers, actor);
  return Response.json(body, { status });
}
