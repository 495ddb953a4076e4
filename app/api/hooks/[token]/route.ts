import { randomUUID } from "node:crypto";
import { afterAnswer } from "@/lib/auth/traces";
import { getDb } from "@/lib/db";
import { getVault } from "@/lib/vault";
import { receiveDelivery } from "@/lib/webhooks/inbound/receive";

// Signatures cover the exact bytes sent: never cached, Node's crypto.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * A provider's webhook to an inbound endpoint. Answers as soon as the delivery is verified and
 * stored (or refused): providers give up after a few seconds (GitHub after 10), so recording a
 * refusal waits until after the answer.
 */
export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  try {
    const received = await receiveDelivery({ db: await getDb(), vault: await getVault() }, token, request);
    if (received.later) afterAnswer(received.later);
    return Response.json(received.body, { status: received.status, headers: NO_STORE });
  } catch (err) {
    // The database or key service failed: 503 makes the provider retry, and nothing was stored.
    const ref = randomUUID().slice(0, 8);
    console.error(`[inbound webhook ${ref}]`, err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "error");
    return Response.json({ received: false, message: `Not stored (reference ${ref}); try again.` }, { status: 503, headers: { ...NO_STORE, "Retry-After": "30" } });
  }
}

const onlyPost = () => Response.json({ received: false, message: "Webhook endpoints take POST only." }, { status: 405, headers: { ...NO_STORE, Allow: "POST" } });
export const GET = onlyPost;
export const PUT = onlyPost;
export const PATCH = onlyPost;
export const DELETE = onlyPost;
