import { isAuthorizedCron } from "@/lib/cron/auth";
import { env } from "@/lib/env";
import { integrationDeps } from "@/lib/integrations/deps";
import { runScheduledRevalidation } from "@/lib/integrations/scheduler";
import { reconcileRequests } from "@/lib/requests/timer";

// Scheduled re-validation, called by Vercel Cron (vercel.json) or any scheduler holding CRON_SECRET.
export const dynamic = "force-dynamic";
// A full run stays well inside this: 100 checks, at most 10 per provider and 2 of them at a time
// (10 s timeout each), so even every provider hanging ends within five timeouts.
export const maxDuration = 300;

async function handle(request: Request): Promise<Response> {
  if (!isAuthorizedCron(request.headers.get("authorization"), env.CRON_SECRET)) {
    return Response.json({ error: "Unauthorized." }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  }
  const summary = await runScheduledRevalidation(await integrationDeps(), { staleAfterMinutes: env.REVALIDATE_AFTER_MINUTES });
  return Response.json({ ...summary, requests: await reconcileRequests() });
}

// Vercel Cron sends GET; POST is for schedulers that prefer it.
export const GET = handle;
export const POST = handle;
