import { isAuthorizedCron } from "@/lib/cron/auth";
import { runFollowers, FOLLOW_DEFAULTS } from "@/lib/deployments/worker";
import { env } from "@/lib/env";
import { integrationDeps } from "@/lib/integrations/deps";

// Deployment following on Vercel, where no process outlives a request: every minute (vercel.json)
// this claims due deployments and follows them for a bounded slice, well inside maxDuration.
export const dynamic = "force-dynamic";
export const maxDuration = 300;
const SLICE_MS = 240_000;

async function handle(request: Request): Promise<Response> {
  if (!isAuthorizedCron(request.headers.get("authorization"), env.CRON_SECRET)) {
    return Response.json({ error: "Unauthorized." }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  }
  return Response.json(await runFollowers(await integrationDeps(), { ...FOLLOW_DEFAULTS, budgetMs: SLICE_MS }));
}

export const GET = handle;
export const POST = handle;
