import { isAuthorizedCron } from "@/lib/cron/auth";
import { env } from "@/lib/env";
import { drainFor } from "@/lib/webhooks/timer";

// Outgoing webhooks on Vercel, where no timer outlives a request: Vercel Cron calls this every
// minute (vercel.json) and it drains for a slice of its time; instances with a timer drain too.
export const dynamic = "force-dynamic";
export const maxDuration = 60;

async function handle(request: Request): Promise<Response> {
  if (!isAuthorizedCron(request.headers.get("authorization"), env.CRON_SECRET)) {
    return Response.json({ error: "Unauthorized." }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  }
  // 40 s of claiming leaves a last batch's 15 s timeout inside maxDuration.
  return Response.json({ webhooks: await drainFor(40_000) });
}

export const GET = handle;
export const POST = handle;
