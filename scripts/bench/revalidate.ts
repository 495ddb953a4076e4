import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "../../lib/db/types";
import { DEFAULT_CONCURRENCY, DEFAULT_PER_PROVIDER_IN_FLIGHT, runScheduledRevalidation } from "../../lib/integrations/scheduler";
import { revalidateIntegration, setupIntegration, type Deps } from "../../lib/integrations/service";
import { getProvider } from "../../lib/providers";
import { validationContext } from "../../lib/providers/context";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { createVault } from "../../lib/vault/vault";
import { freshDb } from "../../test/helpers/db";
import { makeOrg } from "../../test/helpers/fixtures";
import { stats } from "./common";
import { startBenchProviders } from "./revalidate-providers";

const DELAY_MS = 200;
const TIMEOUT_MS = 1000;
const HANGING = "mistral";
// Runs at the defaults per measurement, and timed passes of the single checks; medians count (the machine is shared).
const RUNS = 5;
const PASSES = 3;

// Format-valid credentials of 20 providers (the ones their provider tests use). The fakes do not
// know them, so each check ends "invalid": a complete call and answer, which is all this times.
const CREDENTIALS: Record<string, Record<string, string>> = {
  openai: { apiKey: `sk-proj-${"a1B2c3D4e5".repeat(7)}T3BlbkFJ${"f6G7h8".repeat(10)}wxyz` },
  anthropic: { apiKey: `sk-ant-api03-${"Q7w-E9r_T1".repeat(9)}abcAA` },
  gemini: { apiKey: `AIzaSy${"Ab3_-x".repeat(5)}wxy` },
  openrouter: { apiKey: `sk-or-v1-${"0123456789abcdef".repeat(4)}` },
  groq: { apiKey: `gsk_${"Gq7Rt9Wx2Z".repeat(5)}ab` },
  mistral: { apiKey: "M1s2t3r4a5l6K7e8y9A0b1C2d3E4f5G6" },
  replicate: { apiToken: `r8_${"Rp1_cT2-k3".repeat(3)}Ab4Cd5Z` },
  huggingface: { token: `hf_${"AbCdEfGhIj".repeat(3)}KlMn` },
  runpod: { apiKey: `rpa_${"K7Q2M9X4".repeat(5)}wxyz` },
  aws: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" },
  cloudflare: { apiToken: `cfut_${"Ab3dEf6hIj".repeat(4)}0123cafe` },
  stripe: { publishableKey: `pk_test_${"51Hfake".repeat(14)}pkTs`, secretKey: `sk_test_${"51Hfake".repeat(14)}9zQw` },
  supabase: { projectUrl: "https://abcdefghijklmnopqrst.supabase.co", publishableKey: "sb_publishable_Q9pX2vL7kT4mN1bR8cZ3_aW5dE6fG", secretKey: "sb_secret_H3jK9lM2nP5qR8sT1uV4wX7_yZ0aB2cD" },
  github: { token: `ghp_${"A1b2C3d4E5".repeat(3)}f6G7h8` },
  vercel: { token: `vcp_${"R2d2C3po".repeat(5)}wxyz` },
  netlify: { token: `nfp_${"Zx9Yw8Vu7T".repeat(3)}abcdef` },
  resend: { apiKey: `re_${"Ab12Cd34".repeat(2)}_${"Ef56Gh78".repeat(2)}wxyz` },
  sendgrid: { apiKey: `SG.${"aB3_cD4-eF".repeat(2)}gh.${"Ij5kL6mN7o".repeat(3)}pQrStUvWxwxyz` },
  twilio: { accountSid: `AC${"0123456789abcdef".repeat(2)}`, authToken: "f0e1d2c3b4a5968778695a4b3c2d1e0f" },
  google_oauth: { clientId: "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com", clientSecret: "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" },
};

/**
 * (e) 20 stored credentials of 20 providers re-validated by the scheduler's run, each provider a
 * loopback fake answering after DELAY_MS in a thread of its own (revalidate-providers.ts): the
 * run's wall time against the slowest single check (each check timed alone, through
 * revalidateIntegration, its median of PASSES). Run at the product's defaults (the timer and the cron route pass none),
 * the median of RUNS, and at the old width of 4 for comparison. Then the same with the providers
 * in the bench's own thread, as (e) was measured until 2026-12-03. Then one provider hangs: the
 * run at the defaults against PROVIDER_TIMEOUT_MS.
 */
export async function measureRevalidate(databaseUrl: string | undefined) {
  const kind = databaseUrl ? "postgres" : "pglite";
  const providers = Object.keys(CREDENTIALS);
  const placed = { worker: await startBenchProviders(providers, { inWorker: true }), thread: await startBenchProviders(providers, { inWorker: false }) };
  let at = placed.worker;
  const delayAll = async (ms: number) => { for (const p of Object.values(placed)) for (const id of providers) await p.delay(id, { ms, hang: false }); };
  // The product's own pool size (openPostgres' default), as the timer and the cron route have it.
  const db: Db = await freshDb(kind, 10);
  try {
    const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-bench-reval-")));
    const deps: Deps = {
      db,
      vault: createVault({ kek, cacheTtlMs: 60_000 }),
      context: (id) => validationContext({ providerBaseUrls: { [id.toLowerCase().replace(/-/g, "_")]: at.url(id) }, PROVIDER_TIMEOUT_MS: TIMEOUT_MS }, id),
      checkLimits: { perPerson: 1_000_000, perOrg: 1_000_000, windowMinutes: 10 },
    };
    const org = await makeOrg(db, `benchreval${Date.now()}`);
    const ids = new Map<string, string>();
    for (const [id, credential] of Object.entries(CREDENTIALS)) {
      const res = await setupIntegration(deps, { userId: org.users.admin }, { orgId: org.orgId, provider: getProvider(id)!, name: "bench", credential, skipValidation: true });
      if (res.kind !== "stored") throw new Error(`the ${id} credential was not stored: ${res.kind}`);
      ids.set(id, res.integrationId);
    }
    await delayAll(DELAY_MS);
    // Each check alone: a warm-up pass (connections, the vault's key cache), then PASSES timed; a
    // provider's check takes its median, and the slowest provider's counts. A single sample each
    // would let one stall of the shared machine stand for "the slowest check".
    const slowestAlone = async () => {
      const times = new Map<string, number[]>();
      for (let pass = 0; pass <= PASSES; pass++) {
        for (const [id, integrationId] of ids) {
          const started = performance.now();
          const res = await revalidateIntegration(deps, { userId: org.users.admin }, org.orgId, getProvider(id)!, integrationId, "scheduler");
          if (res.kind !== "checked") throw new Error(`the ${id} check ended ${res.kind}`);
          if (pass > 0) times.set(id, [...(times.get(id) ?? []), performance.now() - started]);
        }
      }
      return Math.max(...[...times.values()].map((t) => stats(t).median));
    };
    const outcomes: { concurrency: number; invalid: number; valid: number; inconclusive: number }[] = [];
    const due = () => db.query(`update integrations set last_checked_at = null where org_id = $1`, [org.orgId]);
    const run = async (concurrency: number | undefined) => {
      await due();
      const started = performance.now();
      const s = await runScheduledRevalidation(deps, { staleAfterMinutes: 60, concurrency, perProviderBudget: 10, maxChecks: 100 });
      const wall = performance.now() - started;
      if (!s.ran || s.checked !== ids.size) throw new Error(`the run checked ${s.checked} of ${ids.size} (ran ${s.ran}, failed ${s.failed}, deferred ${s.deferred})`);
      outcomes.push({ concurrency: concurrency ?? DEFAULT_CONCURRENCY, invalid: s.invalid, valid: s.valid, inconclusive: s.inconclusive });
      return wall;
    };
    // A warm-up run first, as for the single checks: the pool opens its connections for parallel checks.
    const measure = async () => {
      const slowest = await slowestAlone();
      await run(undefined);
      outcomes.pop();
      const runs: number[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run(undefined));
      return { slowest, runs, median: stats(runs).median };
    };
    const inWorker = await measure();
    const at4 = await run(4);
    at = placed.thread;
    const inThread = await measure();
    at = placed.worker;
    // The statements one run at the defaults sends, counted on a run of its own (not timed).
    const counted = { n: 0 };
    const real = deps.db;
    const countOn = (d: Db): Db => Object.assign(Object.create(d) as Db, {
      query: ((sql: string, params?: unknown[]) => (counted.n++, d.query(sql, params))) as Db["query"],
      transaction: (<T>(fn: (tx: Db) => Promise<T>) => d.transaction((tx) => fn(countOn(tx)))) as Db["transaction"],
    });
    deps.db = countOn(real);
    await run(undefined);
    outcomes.pop();
    deps.db = real;
    await placed.worker.delay(HANGING, { ms: DELAY_MS, hang: true });
    const hanging = await run(undefined);
    return {
      database: kind, providers: ids.size, delayMs: DELAY_MS, timeoutMs: TIMEOUT_MS,
      statements: counted.n, slowestMs: inWorker.slowest, defaultMs: inWorker.median, runsMs: inWorker.runs, at4Ms: at4, hangingMs: hanging,
      inThread: { slowestMs: inThread.slowest, defaultMs: inThread.median, runsMs: inThread.runs }, outcomes,
    };
  } finally {
    await db.close();
    for (const p of Object.values(placed)) await p.close();
  }
}

export const revalidateLines = (r: Awaited<ReturnType<typeof measureRevalidate>>) => [
  `| (e) re-validating ${r.providers} credentials of ${r.providers} providers (each answering after ${r.delayMs} ms, in a thread of their own) / the slowest single check, the scheduler at its defaults (${DEFAULT_CONCURRENCY} at once, ${DEFAULT_PER_PROVIDER_IN_FLIGHT} per provider; ${r.database}; median of ${r.runsMs.length} runs) | ${(r.defaultMs / r.slowestMs).toFixed(2)} (${r.defaultMs.toFixed(0)} ms / ${r.slowestMs.toFixed(0)} ms) | at most 1.2 |`,
  `| (e) same with one provider hanging / its timeout (PROVIDER_TIMEOUT_MS) | ${(r.hangingMs / r.timeoutMs).toFixed(2)} (${r.hangingMs.toFixed(0)} ms / ${r.timeoutMs} ms) | at most 1.2 |`,
  `| (e) for comparison: the providers in the bench's own thread, as measured until 2026-12-03 | ${(r.inThread.defaultMs / r.inThread.slowestMs).toFixed(2)} (${r.inThread.defaultMs.toFixed(0)} ms / ${r.inThread.slowestMs.toFixed(0)} ms) | — |`,
  `| (e) database statements one run sends (begin and commit not counted) | ${r.statements} | — |`,
  `| (e) for comparison: the old default width of 4 | ${(r.at4Ms / r.slowestMs).toFixed(2)} (${r.at4Ms.toFixed(0)} ms / ${r.slowestMs.toFixed(0)} ms) | — |`,
];

// Alone: node --conditions=react-server --import tsx scripts/bench/revalidate.ts
if (process.argv[1]?.endsWith("revalidate.ts")) {
  measureRevalidate(process.env.DATABASE_URL).then((r) => { console.log(revalidateLines(r).join("\n")); console.log(JSON.stringify({ runsMs: r.runsMs.map(Math.round), inThreadRunsMs: r.inThread.runsMs.map(Math.round) })); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
