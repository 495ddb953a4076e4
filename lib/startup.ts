import { parseEnv } from "./env-schema";

export async function startServer() {
  try {
    parseEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const { getDb } = await import("./db");
  const { getVault } = await import("./vault");
  const [db] = await Promise.all([getDb(), getVault()]);
  // The embedded default has no cron service to call /api/cron/revalidate: a timer stands in.
  const { env } = await import("./env");
  if (!env.DATABASE_URL && !env.CRON_SECRET) (await import("./integrations/scheduler-timer")).startRevalidationTimer();
  // Credential requests' expiry and callback retries, on every instance (claims never overlap).
  (await import("./requests/timer")).startRequestsTimer();
  // Deployment followers, on every long-lived instance (leases keep them apart). On Vercel no
  // process outlives a request: the deployments cron and the deployment page's stream drive them.
  if (!env.VERCEL) {
    const deployments = await import("./deployments/worker");
    if (!env.DATABASE_URL) await deployments.releaseAllLeases(db); // this process is PGlite's only client
    (await import("./deployments/timer")).startDeploymentTimer();
  }
  // Outgoing webhooks' outbox, on every instance too (claims are leased, never overlapping).
  // On Vercel the webhooks cron drains instead.
  if (!env.VERCEL) (await import("./webhooks/timer")).startWebhooksTimer();
  // PGlite allows one process: `npm run user:reset-password` reaches this one through a socket.
  if (!env.DATABASE_URL) await (await import("./auth/operator-channel")).listenForOperator(env.DATA_DIR, db);
}
