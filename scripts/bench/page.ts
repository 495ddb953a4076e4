import { createHash, randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { openPglite } from "../../lib/db/pglite";
import { openPostgres } from "../../lib/db/postgres";
import type { Db } from "../../lib/db/types";
import { startApp } from "../../test/e2e/server";
import { scratchDatabase } from "../../test/helpers/scratch-database";

const ORGS = 10_000;
const ROUNDS = 400;

/** 10,000 orgs with an owner and three integrations each; org 1 gets 27 more (30 in all). */
async function seed(db: Db): Promise<string> {
  await db.exec(`
    insert into users (email) select 'bench-' || g || '@example.test' from generate_series(1, ${ORGS}) g;
    insert into organizations (slug, name) select 'bench-org-' || g, 'Bench org ' || g from generate_series(1, ${ORGS}) g;
    insert into memberships (org_id, user_id, role)
      select o.id, u.id, 'owner' from organizations o join users u on u.email = 'bench-' || substr(o.slug, 11) || '@example.test';
    insert into integrations (org_id, provider, name, is_default, status, configured_at, last_checked_at, check_outcome, check_reason, account_label, fingerprint)
      select o.id, p.id, 'default', true, 'VALID', now(), now(), 'valid', 'Accepted.', 'acct-' || o.slug, '...ab12'
        from organizations o cross join (values ('openai'), ('anthropic'), ('gcp')) p(id);
    insert into integrations (org_id, provider, name, is_default, status, configured_at, last_checked_at, check_outcome, check_reason, account_label, fingerprint)
      select o.id, p.id, 'cred-' || g, false, 'VALID', now(), now(), 'valid', 'Accepted.', 'acct-' || g, '...cd34'
        from organizations o cross join (values ('openai'), ('anthropic'), ('gcp')) p(id) cross join generate_series(1, 9) g
       where o.slug = 'bench-org-1';
    analyze;
  `);
  const token = randomBytes(32).toString("base64url");
  await db.query(
    `insert into sessions (token_hash, user_id, expires_at) select $1, id, now() + interval '1 day' from users where email = 'bench-1@example.test'`,
    [createHash("sha256").update(token).digest("hex")],
  );
  return token;
}

async function time(url: string, cookie: string, expect: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  const ms = performance.now() - start;
  if (res.status !== 200 || !body.includes(expect)) throw new Error(`${url} answered ${res.status} without "${expect}"`);
  return ms;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] };
};

export async function measurePage(databaseUrl: string | undefined, port?: number) {
  let extra: Record<string, string> = {};
  let dataDir: string | undefined;
  let cleanup = async () => {};
  let token: string;
  if (databaseUrl) {
    const scratch = await scratchDatabase(databaseUrl, "sb_bench");
    const db = openPostgres(scratch.url, 2);
    await migrate(db);
    token = await seed(db);
    await db.close();
    extra = { DATABASE_URL: scratch.url };
    cleanup = scratch.drop;
  } else {
    dataDir = await mkdtemp(path.join(tmpdir(), "switchboard-bench-"));
    const db = await openPglite(path.join(dataDir, "pglite"));
    await migrate(db);
    token = await seed(db);
    await db.close();
  }

  const app = await startApp(extra, dataDir, port);
  try {
    const cookie = `sb_session=${token}`;
    const page = `${app.url}/bench-org-1/integrations`;
    const baseline = `${app.url}/status`;
    for (let i = 0; i < 40; i++) {
      await time(page, cookie, "Integrations");
      await time(baseline, cookie, "Switchboard is up");
    }
    const a: number[] = [];
    const b: number[] = [];
    // Interleaved, so drift in the machine's load touches both series alike.
    for (let i = 0; i < ROUNDS; i++) {
      a.push(await time(page, cookie, "Integrations"));
      b.push(await time(baseline, cookie, "Switchboard is up"));
    }
    const integrations = stats(a);
    const base = stats(b);
    return {
      database: databaseUrl ? "PostgreSQL" : "PGlite",
      integrations,
      baseline: base,
      medianRatio: integrations.median / base.median,
      p99Ratio: integrations.p99 / base.p99,
    };
  } finally {
    await app.stop();
    await cleanup();
  }
}
