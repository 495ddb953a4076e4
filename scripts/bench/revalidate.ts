import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "../../lib/db/types";
import { DEFAULT_CONCURRENCY, DEFAULT_PER_PROVIDER_IN_FLIGHT, runScheduledRevalidation } from "../../lib/integrations/scheduler";
import { revalidateIntegration, setupIntegration, type Deps } from "../../lib/integrations/service";
import { getProvider } from "../../lib/providers";
import { validationContext } from "../../lib/providers/context";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { createVault } from "../../lib/vault/vault";
import { startDevtoolsFake } from "../../test/fakes/devtools-fake";
import { startLlmFake } from "../../test/fakes/llm-fake";
import { startPlatformFake } from "../../test/fakes/platform-fake";
import { startProviderFake } from "../../test/fakes/provider-fake";
import { freshDb } from "../../test/helpers/db";
import { makeOrg } from "../../test/helpers/fixtures";

const DELAY_MS = 200;
const TIMEOUT_MS = 1000;
const HANGING = "mistral";

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
 * A loopback provider that answers after a fixed delay: holds each request `delay.ms`, then
 * forwards it to the provider's fake (or never answers while `delay.hang`).
 */
async function delayed(upstream: string, delay: { ms: number; hang: boolean }) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      if (delay.hang) return; // Held until the client's timeout gives up.
      await new Promise((r) => setTimeout(r, delay.ms));
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body });
      const out: Record<string, string> = {};
      for (const k of ["content-type", "retry-after", "location"]) { const v = answer.headers.get(k); if (v) out[k] = v; }
      res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/**
 * (e) 20 stored credentials of 20 providers re-validated by the scheduler's run, each provider a
 * loopback fake answering after DELAY_MS: the run's wall time against the slowest single check
 * (each check timed alone, through revalidateIntegration). Run at the product's defaults (the
 * timer and the cron route pass none), and at the old width of 4 for comparison. Then one
 * provider hangs: the run at the defaults against PROVIDER_TIMEOUT_MS.
 */
export async function measureRevalidate(databaseUrl: string | undefined) {
  const kind = databaseUrl ? "postgres" : "pglite";
  const fakes = { provider: await startProviderFake(), llm: await startLlmFake(), platform: await startPlatformFake(), devtools: await startDevtoolsFake() };
  const fakeOf = (id: string) => ["openai", "anthropic"].includes(id) ? fakes.provider : ["gemini", "openrouter", "groq", "mistral", "replicate", "huggingface"].includes(id) ? fakes.llm
    : ["runpod", "aws", "cloudflare", "stripe", "supabase"].includes(id) ? fakes.platform : fakes.devtools;
  const delays = new Map<string, { ms: number; hang: boolean }>();
  const servers = new Map<string, Awaited<ReturnType<typeof delayed>>>();
  for (const id of Object.keys(CREDENTIALS)) {
    const d = { ms: 0, hang: false };
    delays.set(id, d);
    servers.set(id, await delayed(fakeOf(id).url, d));
  }
  // The product's own pool size (openPostgres' default), as the timer and the cron route have it.
  const db: Db = await freshDb(kind, 10);
  try {
    const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-bench-reval-")));
    const deps: Deps = {
      db,
      vault: createVault({ kek, cacheTtlMs: 60_000 }),
      context: (id) => validationContext({ providerBaseUrls: { [id.toLowerCase().replace(/-/g, "_")]: servers.get(id)!.url }, PROVIDER_TIMEOUT_MS: TIMEOUT_MS }, id),
      checkLimits: { perPerson: 1_000_000, perOrg: 1_000_000, windowMinutes: 10 },
    };
    const org = await makeOrg(db, `benchreval${Date.now()}`);
    const ids = new Map<string, string>();
    for (const [id, credential] of Object.entries(CREDENTIALS)) {
      const res = await setupIntegration(deps, { userId: org.users.admin }, { orgId: org.orgId, provider: getProvider(id)!, name: "bench", credential, skipValidation: true });
      if (res.kind !== "stored") throw new Error(`the ${id} credential was not stored: ${res.kind}`);
      ids.set(id, res.integrationId);
    }
    for (const d of delays.values()) d.ms = DELAY_MS;
    // Each check alone, twice (the first warms connections and the vault's key cache); the slowest counts.
    let slowest = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (const [id, integrationId] of ids) {
        const started = performance.now();
        const res = await revalidateIntegration(deps, { userId: org.users.admin }, org.orgId, getProvider(id)!, integrationId, "scheduler");
        if (res.kind !== "checked") throw new Error(`the ${id} check ended ${res.kind}`);
        if (pass === 1) slowest = Math.max(slowest, performance.now() - started);
      }
    }
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
    await run(undefined);
    outcomes.pop();
    const atDefault = await run(undefined);
    const at4 = await run(4);
    delays.get(HANGING)!.hang = true;
    const hanging = await run(undefined);
    return { database: kind, providers: ids.size, delayMs: DELAY_MS, timeoutMs: TIMEOUT_MS, slowestMs: slowest, defaultMs: atDefault, at4Ms: at4, hangingMs: hanging, outcomes };
  } finally {
    await db.close();
    for (const s of servers.values()) await s.close();
    for (const f of Object.values(fakes)) await f.close();
  }
}

export const revalidateLines = (r: Awaited<ReturnType<typeof measureRevalidate>>) => [
  `| (e) re-validating ${r.providers} credentials of ${r.providers} providers (each answering after ${r.delayMs} ms) / the slowest single check, the scheduler at its defaults (${DEFAULT_CONCURRENCY} at once, ${DEFAULT_PER_PROVIDER_IN_FLIGHT} per provider; ${r.database}) | ${(r.defaultMs / r.slowestMs).toFixed(2)} (${r.defaultMs.toFixed(0)} ms / ${r.slowestMs.toFixed(0)} ms) | at most 1.2 |`,
  `| (e) same with one provider hanging / its timeout (PROVIDER_TIMEOUT_MS) | ${(r.hangingMs / r.timeoutMs).toFixed(2)} (${r.hangingMs.toFixed(0)} ms / ${r.timeoutMs} ms) | at most 1.2 |`,
  `| (e) for comparison: the old default width of 4 | ${(r.at4Ms / r.slowestMs).toFixed(2)} (${r.at4Ms.toFixed(0)} ms / ${r.slowestMs.toFixed(0)} ms) | — |`,
];

// Alone: node --conditions=react-server --import tsx scripts/bench/revalidate.ts
if (process.argv[1]?.endsWith("revalidate.ts")) {
  measureRevalidate(process.env.DATABASE_URL).then((r) => { console.log(revalidateLines(r).join("\n")); console.log(JSON.stringify(r.outcomes)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
