import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../lib/db/migrate";
import { openPostgres } from "../../lib/db/postgres";
import { setupIntegration, type Deps } from "../../lib/integrations/service";
import { getProvider } from "../../lib/providers";
import { validationContext } from "../../lib/providers/context";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { createVault } from "../../lib/vault/vault";
import { startProviderFake } from "../../test/fakes/provider-fake";
import { makeOrg } from "../../test/helpers/fixtures";
import { scratchDatabase } from "../../test/helpers/scratch-database";

const CLIENTS = 4;
const ROUND_MS = 1000;
const ROUNDS = 5;
const KEY = `sk-proj-${"a1B2c3D4e5".repeat(7)}T3BlbkFJ${"f6G7h8".repeat(10)}wxyz`;

const PEER_SCHEMA = `create extension if not exists pgcrypto;
  create table peer_credentials (id bigserial primary key, org_id uuid not null, name text not null, secret bytea not null, created_at timestamptz not null default now());
  create table peer_audit (id bigserial primary key, org_id uuid not null, action text not null, credential_id bigint not null, metadata jsonb not null, created_at timestamptz not null default now())`;

/** Runs `op` from CLIENTS loops at once for ROUND_MS; returns how many completed. */
async function round(op: (client: number, i: number) => Promise<void>): Promise<number> {
  const until = performance.now() + ROUND_MS;
  let done = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let i = 0; performance.now() < until; i++) { await op(client, i); done++; }
  }));
  return done;
}

/**
 * Every SQL statement pg sends while fn runs (each is one round trip), text only: the
 * parameters, which include the sealed credential, are never looked at.
 */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    seen.push((typeof q === "string" ? q : (q as { text?: string }).text ?? "?").replace(/\s+/g, " ").trim().slice(0, 90));
    return original.apply(this, args);
  };
  try { await fn(); } finally { proto.query = original; }
  return seen;
}

/**
 * (d) The write path against PostgreSQL's pgcrypto: storing a credential through setupIntegration
 * (format check, a check budget slot, seal, upsert, audit, check history, the event, in one
 * statement: lib/integrations/store.ts) against `pgp_sym_encrypt` plus an insert and an audit row
 * in one transaction. The goal line is the save without verifying, the write path the issue
 * describes; the verified save adds a live check against a loopback provider answering at once,
 * which needs its check budget slot committed before the call (a transaction of its own) and a
 * provider round trip the peer has no counterpart for. CLIENTS concurrent clients each, each
 * client its own org and person (one org's saves queue on its check budget's lock by design),
 * alternating ROUND_MS rounds on one scratch database. PostgreSQL only.
 */
export async function measureWrites(databaseUrl: string | undefined) {
  if (!databaseUrl) return null;
  const scratch = await scratchDatabase(databaseUrl, "sb_bench_writes");
  const db = openPostgres(scratch.url, CLIENTS);
  const peer = new pg.Pool({ connectionString: scratch.url, max: CLIENTS });
  const fake = await startProviderFake({ keys: { [KEY]: "valid" } });
  try {
    await migrate(db);
    await peer.query(PEER_SCHEMA);
    const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-bench-writes-")));
    const deps: Deps = {
      db,
      vault: createVault({ kek, cacheTtlMs: 60_000 }),
      context: (id) => validationContext({ providerBaseUrls: { [id]: fake.url }, PROVIDER_TIMEOUT_MS: 5000 }, id),
      checkLimits: { perPerson: 1_000_000_000, perOrg: 1_000_000_000, windowMinutes: 10 },
    };
    const openai = getProvider("openai")!;
    const orgs: Awaited<ReturnType<typeof makeOrg>>[] = [];
    for (let c = 0; c < CLIENTS; c++) orgs.push(await makeOrg(db, `benchw${Date.now()}${c}`));
    const passphrase = randomBytes(32).toString("base64");
    let n = 0;
    const store = (skipValidation: boolean) => async (client: number) => {
      const { orgId, users } = orgs[client];
      const res = await setupIntegration(deps, { userId: users.admin }, { orgId, provider: openai, name: `key-${n++}`, credential: { apiKey: KEY }, skipValidation });
      if (res.kind !== "stored") throw new Error(`setupIntegration answered ${res.kind}`);
    };
    const product = store(false);
    // Saved without verifying: the same path less the provider call, to show what the call costs.
    const unverified = store(true);
    const pgcrypto = async (client: number) => {
      const c = await peer.connect();
      try {
        await c.query("begin");
        const { rows } = await c.query<{ id: string }>(`insert into peer_credentials (org_id, name, secret) values ($1, $2, pgp_sym_encrypt($3, $4)) returning id`, [orgs[client].orgId, `key-${n++}`, KEY, passphrase]);
        await c.query(`insert into peer_audit (org_id, action, credential_id, metadata) values ($1, 'credential.store', $2, $3)`, [orgs[client].orgId, rows[0].id, { fingerprint: "…wxyz" }]);
        await c.query("commit");
      } catch (err) {
        await c.query("rollback");
        throw err;
      } finally {
        c.release();
      }
    };
    await round(product); // warm: pools, the org keys, the provider connection
    await round(pgcrypto);
    const count = { product: 0, pgcrypto: 0, unverified: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      count.product += await round(product);
      count.pgcrypto += await round(pgcrypto);
      count.unverified += await round(unverified);
    }
    const seconds = (ROUNDS * ROUND_MS) / 1000;
    const statements = await statementsOf(() => unverified(0));
    const verifiedStatements = await statementsOf(() => product(0));
    return {
      clients: CLIENTS, seconds,
      productPerSecond: count.product / seconds, pgcryptoPerSecond: count.pgcrypto / seconds,
      ratio: count.product / count.pgcrypto,
      unverifiedPerSecond: count.unverified / seconds, unverifiedRatio: count.unverified / count.pgcrypto,
      roundTrips: statements.length, verifiedRoundTrips: verifiedStatements.length, statements,
    };
  } finally {
    await fake.close();
    await peer.end();
    await db.close();
    await scratch.drop();
  }
}

export const writeLines = (w: Awaited<ReturnType<typeof measureWrites>>) => w
  ? [
    `| (d) storing a credential through setupIntegration, saved without verifying / pgcrypto's pgp_sym_encrypt + insert + audit row, ${w.clients} concurrent clients each, alternating rounds (PostgreSQL) | ${w.unverifiedRatio.toFixed(2)} (${Math.round(w.unverifiedPerSecond)} / ${Math.round(w.pgcryptoPerSecond)} per second) | at least 1.0 |`,
    `| (d) same, verified against a loopback provider answering at once / pgcrypto | ${w.ratio.toFixed(2)} (${Math.round(w.productPerSecond)} / ${Math.round(w.pgcryptoPerSecond)} per second) | - |`,
    `| (d) database round trips of one save, without verifying / verified (pgcrypto's: 4) | ${w.roundTrips} / ${w.verifiedRoundTrips} | - |`,
  ]
  : [`| (d) storing a credential / pgcrypto's pgp_sym_encrypt + insert + audit row | not measured: needs PostgreSQL (set DATABASE_URL) | at least 1.0 |`];

// Alone: node --conditions=react-server --import tsx scripts/bench/writes.ts
if (process.argv[1]?.endsWith("writes.ts")) {
  measureWrites(process.env.DATABASE_URL).then((w) => {
    console.log(writeLines(w).join("\n"));
    if (w) console.log(w.statements.map((s, i) => `${i + 1}. ${s}`).join("\n"));
    process.exit(0);
  }, (e) => { console.error(e); process.exit(1); });
}
