import { migrate } from "../../lib/db/migrate";
import { openPostgres } from "../../lib/db/postgres";
import { insertDeployment } from "../../lib/deployments/queries";
import { registerFollower } from "../../lib/deployments/registry";
import { claimDue, stepDeployment, type WorkerDeps } from "../../lib/deployments/worker";
import { createVault } from "../../lib/vault/vault";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { validationContext } from "../../lib/providers/context";
import { startApp } from "../../test/e2e/server";
import { scratchDatabase } from "../../test/helpers/scratch-database";
import { sseReader } from "../../test/helpers/sse";
import { seedSignedInOrg, stats } from "./common";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const ROUNDS = 200;

/**
 * A deployment event written by the follower on one instance (this process: the worker's own
 * step, lease check, masking and write) until a browser-style SSE client reads it from the
 * deployment page's stream that a `next start` instance serves: deployment.progress over
 * NOTIFY, the feed, the read by seq and the stream. PostgreSQL only, as for the live events line.
 */
export async function measureDeployments(databaseUrl: string | undefined) {
  if (!databaseUrl) return null;
  const scratch = await scratchDatabase(databaseUrl, "sb_bench_deploy");
  const db = openPostgres(scratch.url, 2);
  try {
    await migrate(db);
    const { orgId, userId, token } = await seedSignedInOrg(db, "bench-deploy", "Bench deployments", "member");
    // One line per step, as a build writes them.
    let n = 0;
    registerFollower({ kind: "vercel", step: async () => ({ events: [{ text: `line ${++n}` }], cursor: { n }, done: false }) });
    const deps: WorkerDeps = {
      db, vault: createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-bench-"))), cacheTtlMs: 60_000 }),
      context: (id) => validationContext({ providerBaseUrls: {}, PROVIDER_TIMEOUT_MS: 1000 }, id),
    };
    const d = await db.transaction((tx) => insertDeployment(tx, { orgId, kind: "vercel", name: "bench", startedBy: userId, integrationId: null }));
    // Held for the whole run: the app's own worker leaves this deployment alone.
    const [claim] = await claimDue(db, 600, 1, d.id);
    const app = await startApp({ DATABASE_URL: scratch.url });
    const abort = new AbortController();
    try {
      const res = await fetch(`${app.url}/api/deployments/bench-deploy/${d.id}/events`, { headers: { cookie: `sb_session=${token}` }, signal: abort.signal });
      if (res.status !== 200) throw new Error(`the deployment stream answered ${res.status}`);
      const stream = sseReader(res);
      const first = await stream.nextEvent(); // the history: "queued"
      if (first?.id !== "1") throw new Error(`expected the queued event first, got ${first?.id}`);
      const latencies: number[] = [];
      for (let i = 1; i <= ROUNDS + 20; i++) {
        const started = performance.now();
        const outcome = await stepDeployment(deps, d.id, claim.holder, { leaseSeconds: 600, stepMs: 1000 });
        if (outcome !== "continue") throw new Error(`the bench step was ${outcome}`);
        const event = await stream.nextEvent();
        if (event?.id !== String(i + 1)) throw new Error(`expected event ${i + 1}, got ${event?.id}`);
        if (i > 20) latencies.push(performance.now() - started); // the first 20 warm up
      }
      abort.abort();
      return stats(latencies);
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
}
