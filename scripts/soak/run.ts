import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { openPostgres } from "../../lib/db/postgres";
import type { Db } from "../../lib/db/types";
import { buildApp, startApp, type RunningApp } from "../../test/e2e/server";
import { startKmsFake } from "../../test/fakes/kms-fake";
import { startPlatformFake } from "../../test/fakes/platform-fake";
import { startProviderFake } from "../../test/fakes/provider-fake";
import { auditCheck, kindStatusTable, latencyTable, pairingCheck, statusCheck, writesCheck, type CheckResult } from "./checks";
import { readActionIds, SoakClient, type Pool } from "./client";
import { runEmbeddedCrash } from "./embedded";
import { injectFaults, type Faults } from "./faults";
import { KINDS, pickKind, type ClientCtx, type Kind } from "./kinds";
import { PROVIDERS, Slot, type SoakProvider } from "./ledger";
import { Recorder } from "./record";
import { agentsCheck, prepareAgents, startAgentUpstream } from "./agents";
import { prepareLeaseProbe, startVercel } from "./leases";
import { drained, outboundCheck, startReceiver, subscribe } from "./outbound";
import { soakPort } from "./ports";
import { hooksCheck, prepareHooks, soakVault } from "./webhooks";
import { seedOrg, type SoakOrg } from "./world";
import { startSoakPostgres } from "./postgres";

export interface SoakOptions { seconds: number; clients: number; faults: boolean; build: boolean }

export interface SoakResult {
  date: string;
  seconds: number;
  clients: number;
  faults: boolean;
  requests: number;
  statuses: string[];
  latency: string[];
  checks: CheckResult[];
}

const KMS_KEY = "soak-key-1";
// Short, so a hanging provider shows its bound within the soak; long enough for the loopback fakes.
export const PROVIDER_TIMEOUT_MS = 3000;
// Short, so the soak sees a cached org key stop being served once its lifetime is over.
export const ORG_KEY_CACHE_TTL_SECONDS = 20;

/** The loopback providers, each its own fake so one can fail while the others answer. */
export async function startProviders() {
  const openai = await startProviderFake();
  const anthropic = await startProviderFake();
  const stripe = await startPlatformFake();
  const keys: Record<SoakProvider, Map<string, string>> = {
    openai: openai.keys as Map<string, string>, anthropic: anthropic.keys as Map<string, string>, stripe: stripe.keys as Map<string, string>,
  };
  // What each provider answers every key with now: "valid", or the fault being injected.
  const behaviour: Record<SoakProvider, string> = { openai: "valid", anthropic: "valid", stripe: "valid" };
  return {
    // Cloudflare (the inbound webhooks' sender credential) shares the platform fake with Stripe.
    env: { PROVIDER_BASE_URL_OPENAI: openai.url, PROVIDER_BASE_URL_ANTHROPIC: anthropic.url, PROVIDER_BASE_URL_STRIPE: stripe.url, PROVIDER_BASE_URL_CLOUDFLARE: stripe.url },
    register(provider: SoakProvider, secret: string) { keys[provider].set(secret, behaviour[provider]); },
    registerPlatform(token: string) { stripe.keys.set(token, "valid"); },
    /** Every key of this provider answers `b` from now on (the fault), or "valid" again. */
    set(provider: SoakProvider, b: string) {
      behaviour[provider] = b;
      for (const key of keys[provider].keys()) keys[provider].set(key, b);
    },
    async close() { await Promise.all([openai.close(), anthropic.close(), stripe.close()]); },
  };
}

export type Providers = Awaited<ReturnType<typeof startProviders>>;

/** Each client in a loop, one request at a time, a random kind of the mix on a random slot, while `going()`. */
export async function runClients(ctxs: ClientCtx[], kinds: Kind[], going: () => boolean): Promise<void> {
  await Promise.all(ctxs.map(async (ctx) => {
    let i = ctx.client.index;
    while (going()) {
      const person = ctx.org.persons[i++ % ctx.org.persons.length];
      const slot = ctx.slots[Math.floor(Math.random() * ctx.slots.length)];
      await pickKind(kinds).run(ctx, person, slot);
    }
  }));
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  if (opts.build) await buildApp();
  const t0 = Date.now();
  const log = (text: string) => console.log(`soak +${((Date.now() - t0) / 1000).toFixed(1)}s ${text}`);
  const pg = await startSoakPostgres();
  const kms = await startKmsFake([KMS_KEY]);
  const providers = await startProviders();
  const upstream = await startAgentUpstream();
  const vercel = await startVercel();
  const dataDir = await mkdtemp(path.join(tmpdir(), "switchboard-soak-"));
  const receiver = await startReceiver(path.join(dataDir, "webhook-receiver-ca.pem"));
  const apps: RunningApp[] = [];
  let admin: Db | undefined;
  try {
    admin = openPostgres(pg.url, 4);
    await migrate(admin);
    const orgs: SoakOrg[] = [];
    for (let c = 0; c < opts.clients; c++) orgs.push(await seedOrg(admin, `soak-c${c}`, 2));
    // Orgs nobody touches before the key service goes down: their first save needs KMS.
    const fresh: SoakOrg[] = [];
    for (let i = 0; i < 4; i++) fresh.push(await seedOrg(admin, `soak-fresh-${i}`, 1));
    const cached = await seedOrg(admin, "soak-cached", 1);
    const leasesOrg = await seedOrg(admin, "soak-leases", 1);
    log(`postgres on :${pg.port}, ${orgs.length} orgs seeded`);

    const env: Record<string, string> = {
      DATABASE_URL: pg.url, KMS_KEY_ID: KMS_KEY, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ACCESS_KEY_ID: "AKIAFAKESOAK00000000", AWS_SECRET_ACCESS_KEY: "fake-secret-for-the-loopback-kms",
      PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS), ORG_KEY_CACHE_TTL_SECONDS: String(ORG_KEY_CACHE_TTL_SECONDS), CRON_SECRET: "soak-cron-secret-0123456789", ...providers.env,
      PROVIDER_BASE_URL_MISTRAL: upstream.url, PROVIDER_BASE_URL_VERCEL: vercel.url, ...receiver.env,
    };
    apps.push(await startApp(env, dataDir, await soakPort(1)), await startApp(env, dataDir, await soakPort(2)));
    log(`two instances: ${apps.map((a) => a.url).join(" ")}`);

    const rec = new Recorder();
    const vault = soakVault({ url: kms.url, keyId: KMS_KEY, env });
    const hooks = await prepareHooks(admin, vault, apps[0].url, orgs, rec, (t) => providers.registerPlatform(t));
    const agents = await prepareAgents(admin, apps[0].url, upstream, orgs, rec);
    for (const org of orgs) await subscribe(admin, vault, org, receiver.url(`/ok/${org.slug}`), rec);
    const leaseProbe = await prepareLeaseProbe(admin, vault, apps[0].url, leasesOrg, vercel, receiver);
    const pool: Pool = { urls: apps.map((a) => a.url), up: apps.map(() => true) };
    const actionIds = readActionIds(process.cwd());
    const problems: string[] = [];
    const slots = orgs.map((_, c) => PROVIDERS.map((p) => new Slot(c, p)));
    const ctxs: ClientCtx[] = orgs.map((org, c) => ({
      client: new SoakClient(c, pool, rec, actionIds), org, slots: slots[c], recorder: rec,
      register: providers.register, problem: (t) => problems.push(t),
      pullTool: path.resolve("public/switchboard.cjs"), baseUrl: () => pool.urls[pool.up.findIndex(Boolean)] ?? pool.urls[0], hook: hooks[c], agent: agents[c],
    }));

    const deadline = Date.now() + opts.seconds * 1000;
    // The clients keep going until the faults are all over, however long they take.
    let faultsRunning = opts.faults;
    const faults: Faults = { pg, kms, providers, apps, pool, rec, env, dataDir, fresh, cached, probe: orgs[0], leaseProbe, receiver, log };
    log(`${opts.clients} clients for ${opts.seconds} s${opts.faults ? ", faults injected one after another" : ""}`);
    const [faultChecks] = await Promise.all([
      opts.faults ? injectFaults(faults, opts.seconds).finally(() => (faultsRunning = false)) : Promise.resolve([]),
      runClients(ctxs, KINDS, () => Date.now() < deadline || faultsRunning),
    ]);
    log(`${rec.requests.length} requests done; waiting for the webhook outbox to drain`);
    // Long enough for a delivery whose attempt was cut off (a restart, a kill) to see its lease lapse.
    const unsent = await drained(admin, [...orgs, leasesOrg].map((o) => o.orgId), opts.faults ? 90_000 : 20_000);
    log("checking");

    const statuses = statusCheck(rec);
    const checks: CheckResult[] = [
      statuses.check,
      { name: "exports, pulls and reads agree with every acknowledged write while running", ok: problems.length === 0, detail: problems.slice(0, 12) },
      await writesCheck(admin, orgs, slots),
      await pairingCheck(admin),
      await auditCheck(admin, rec, orgs),
      await hooksCheck(admin, orgs, hooks),
      await outboundCheck(admin, [...orgs, leasesOrg], receiver, unsent),
      agentsCheck(upstream, orgs, agents),
      ...faultChecks,
    ];
    if (opts.faults) checks.push(...(await runEmbeddedCrash(providers, actionIds, log)));
    const latency = latencyTable(rec);
    console.log(`\nrequests by status (${rec.requests.length}):\n${statuses.table.join("\n")}`);
    console.log(`\nstatuses per kind:\n${kindStatusTable(rec).join("\n")}`);
    console.log(`\nlatency per kind:\n${latency.join("\n")}\n`);
    for (const c of checks) console.log(`${c.ok ? "  ok  " : "  FAIL"} ${c.name}${c.detail.length ? `\n         ${c.detail.join("\n         ")}` : ""}`);
    if (process.env.SOAK_VERBOSE === "1") {
      const seen = new Set<string>();
      for (const r of rec.requests) {
        if (r.status >= 200 && r.status < 300) continue;
        const key = `${r.kind} ${r.status} ${(r.said ?? "").slice(0, 120)}`;
        if (!seen.has(key)) { seen.add(key); console.log(`  saw: ${key}`); }
      }
    }
    const failed = checks.filter((c) => !c.ok).length;
    console.log(`\nsoak: ${checks.length - failed} checks passed, ${failed} failed`);
    if (failed) for (const [i, a] of apps.entries()) console.log(`--- instance ${i} log (last lines) ---\n${a.log().split("\n").slice(-30).join("\n")}`);
    return {
      date: new Date().toISOString(), seconds: opts.seconds, clients: opts.clients, faults: opts.faults,
      requests: rec.requests.length, statuses: statuses.table.map((l) => l.trim()), latency: latency.map((l) => l.trim()), checks,
    };
  } finally {
    for (const a of apps) await a.stop().catch(() => {});
    await admin?.close().catch(() => {});
    await kms.close().catch(() => {});
    await providers.close().catch(() => {});
    await upstream.close().catch(() => {});
    await vercel.close().catch(() => {});
    await receiver.close().catch(() => {});
    await pg.destroy();
  }
}
