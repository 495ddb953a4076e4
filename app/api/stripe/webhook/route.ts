import { randomUUID } from "node:crypto";
import { getBilling } from "@/lib/billing/stripe";
import { handleStripeWebhook } from "@/lib/billing/webhook";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Stripe's webhook: the signature is checked on the body exactly as it arrived. */
export async function POST(req: Request): Promise<Response> {
  const billing = getBilling();
  if (!billing) return Response.json({ received: false, message: "Billing is off: STRIPE_SECRET_KEY is not set." }, { status: 404 });
  // req.text(), never req.json(): a re-serialised body no longer matches the signature.
  const raw = await req.text();
  try {
    const { status, body } = await handleStripeWebhook(await getDb(), billing, raw, req.headers.get("stripe-signature"));
    return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    // A 500 makes Stripe retry. Logged by name and first line only.
    const ref = randomUUID().slice(0, 8);
    console.error(`[stripe webhook ${ref}]`, err instanceof Error ? `${err.name}: ${err.message.split("\n")[0].slice(0, 200)}` : "error");
    return Response.json({ received: false, message: `Could not sync (reference ${ref}); Stripe will retry.` }, { status: 500 });
  }
}
