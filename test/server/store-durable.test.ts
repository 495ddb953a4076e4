import type { Db } from "@/lib/db/types";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey } from "../helpers/health";

// lib/integrations/store.ts: on PostgreSQL's pool the one-statement save commits without waiting
// for the disk, and is answered only once Db.durable() has flushed it; anywhere else it commits as
// any statement does.
describe.each(dbKinds)("a save's durability on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  beforeAll(async () => {
    env = await healthEnv(kind);
  });
  afterAll(() => env.close());

  it("is acknowledged only after its commit has been flushed", async () => {
    const { orgId, users } = await makeOrg(env.db, `durable-${kind}`);
    const steps: string[] = [];
    const db = env.db;
    const traced: Db = {
      ...db,
      query: async <T,>(sql: string, params?: unknown[]) => {
        const out = await db.query<T>(sql, params);
        if (sql.includes("store_credential(")) steps.push(sql.includes("'synchronous_commit', 'off'") ? "stored, commit not waiting" : "stored");
        return out;
      },
      durable: db.durable && (async () => {
        steps.push("durable");
        await db.durable!();
      }),
    };
    const res = await setupIntegration({ ...env.deps, db: traced }, { userId: users.admin },
      { orgId, provider: getProvider("openai")!, name: "prod", credential: { apiKey: openaiKey("dur") }, skipValidation: true });
    expect(res.kind).toBe("stored");
    expect(steps).toEqual(kind === "postgres" ? ["stored, commit not waiting", "durable"] : ["stored"]);
  });

  (kind === "postgres" ? it : it.skip)("durable() returns once every earlier commit is on disk", async () => {
    // A commit that did not wait for the disk, then the WAL position it reached.
    await env.db.transaction(async (tx) => {
      await tx.query(`set local synchronous_commit = off`);
      await tx.query(`insert into provider_checks (org_id) values (gen_random_uuid())`);
    });
    const { rows } = await env.db.query<{ lsn: string }>(`select pg_current_wal_insert_lsn()::text as lsn`);
    await env.db.durable!();
    const flushed = await env.db.query<{ ok: boolean }>(`select pg_current_wal_flush_lsn() >= $1::pg_lsn as ok`, [rows[0].lsn]);
    expect(flushed.rows[0].ok).toBe(true);
  });
});
