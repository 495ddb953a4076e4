import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { openPglite } from "../../lib/db/pglite";
import { startApp } from "../../test/e2e/server";
import { pairingCheck, writesCheck, type CheckResult } from "./checks";
import { SoakClient, type Pool } from "./client";
import { KINDS, settle, type ClientCtx } from "./kinds";
import { PROVIDERS, Slot } from "./ledger";
import { Recorder } from "./record";
import { soakPort } from "./ports";
import { runClients, type Providers } from "./run";
import { seedOrg, type SoakOrg } from "./world";

const CLIENTS = 8;
const WRITES = new Set(["setup-verified", "setup-unverified", "rename", "delete", "revalidate", "export"]);

/**
 * The embedded default (PGlite in DATA_DIR, the local key file): clients write, the process is
 * SIGKILLed while writes are in flight, and started again on the same directory. Its data must
 * open, consistent, with every acknowledged write there and readable.
 */
export async function runEmbeddedCrash(providers: Providers, actionIds: Map<string, string>, log: (t: string) => void): Promise<CheckResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "switchboard-soak-embedded-"));
  const dbDir = path.join(dataDir, "pglite");
  let db = await openPglite(dbDir);
  await migrate(db);
  const orgs: SoakOrg[] = [];
  for (let c = 0; c < CLIENTS; c++) orgs.push(await seedOrg(db, `soak-embedded-${c}`, 1));
  await db.close();

  let app = await startApp(providers.env, dataDir, await soakPort(3));
  log(`embedded: ${app.url} on ${dataDir}`);
  const rec = new Recorder();
  const pool: Pool = { urls: [app.url], up: [true] };
  const problems: string[] = [];
  const slots = orgs.map((_, c) => PROVIDERS.map((p) => new Slot(c, p)));
  const ctxs: ClientCtx[] = orgs.map((org, c) => ({
    client: new SoakClient(c, pool, rec, actionIds), org, slots: slots[c], recorder: rec,
    register: providers.register, problem: (t) => problems.push(t), pullTool: "", baseUrl: () => app.url,
  }));
  let killed = false;
  const clients = runClients(ctxs, KINDS.filter((k) => WRITES.has(k.name)), () => !killed);
  await new Promise((r) => setTimeout(r, 6000));
  // Mid-write: wait for a moment with setups in flight, then SIGKILL.
  const inFlight = () => rec.requests.length;
  const before = inFlight();
  while (inFlight() === before) await new Promise((r) => setTimeout(r, 10));
  await app.kill();
  killed = true;
  log(`embedded: SIGKILLed after ${rec.requests.length} requests`);
  await clients;

  const detail: string[] = [];
  try {
    app = await startApp(providers.env, dataDir, Number(new URL(app.url).port));
  } catch (err) {
    detail.push(`the embedded server did not start again on its data: ${(err as Error).message.split("\n")[0]}`);
  }
  if (detail.length === 0) {
    pool.urls[0] = app.url;
    // Through the restarted server: each slot reads as one of its possible states, and the export holds every stored key.
    for (const ctx of ctxs) {
      for (const slot of ctx.slots) await settle(ctx, ctx.org.persons[0], slot);
      await KINDS.find((k) => k.name === "export")!.run(ctx, ctx.org.persons[0], ctx.slots[0]);
    }
    await app.stop();
  }
  db = await openPglite(dbDir);
  try {
    const writes = await writesCheck(db, orgs, slots);
    const pairs = await pairingCheck(db);
    const unanswered = rec.requests.filter((r) => r.status <= 0).length;
    return [
      { name: `embedded: SIGKILLed mid-write (${unanswered} writes unanswered) and started again: the data opens and serves`, ok: detail.length === 0, detail },
      { name: "embedded: reads and the export after the restart agree with every acknowledged write", ok: problems.length === 0, detail: problems.slice(0, 10) },
      { ...writes, name: `embedded: ${writes.name}` },
      { ...pairs, name: `embedded: ${pairs.name}` },
    ];
  } finally {
    await db.close();
  }
}
