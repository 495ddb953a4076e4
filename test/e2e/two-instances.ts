import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { scratchDatabase } from "../helpers/scratch-database";
import { startApp } from "./server";

/**
 * Two `next start` processes of the same build in server mode on one scratch PostgreSQL database,
 * as two serverless instances would run: local sign-in, and one key file between them standing
 * in for the KMS key both would use.
 */
export async function startTwoInstances(databaseUrl: string, extra: Record<string, string>) {
  const db = await scratchDatabase(databaseUrl, "sb_e2e_live");
  const keyDir = await mkdtemp(path.join(tmpdir(), "switchboard-e2e-live-"));
  const env = { ...extra, DATABASE_URL: db.url };
  const a = await startApp(env, keyDir).catch(async (err) => {
    await db.drop();
    throw err;
  });
  const b = await startApp(env, keyDir).catch(async (err) => {
    await a.stop();
    await db.drop();
    throw err;
  });
  return {
    a, b,
    async stop() {
      await a.stop();
      await b.stop();
      await db.drop();
    },
  };
}
