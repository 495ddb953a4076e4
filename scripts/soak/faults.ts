import { openPostgres } from "../../lib/db/postgres";
import { startApp, type RunningApp } from "../../test/e2e/server";
import type { KmsFake } from "../../test/fakes/kms-fake";
import type { CheckResult } from "./checks";
import type { Pool } from "./client";
import { credentialOf, newSecret } from "./ledger";
import type { FaultWindow, Recorder } from "./record";
import { ORG_KEY_CACHE_TTL_SECONDS, PROVIDER_TIMEOUT_MS, type Providers } from "./run";
import type { SoakPostgres } from "./postgres";
import type { SoakOrg } from "./world";
import { deploymentLeases, followersTakenOver, outboxTakenOver, probeDeliveries, startProbeDeployments, type LeaseProbe } from "./leases";
import type { Receiver } from "./outbound";

export interface Faults {
  pg: SoakPostgres;
  kms: KmsFake;
  providers: Providers;
  apps: RunningApp[];
  pool: Pool;
  rec: Recorder;
  env: Record<string, string>;
  dataDir: string;
  /** An org of the load, for probes that need an ordinary org. */
  probe: SoakOrg;
  fresh: SoakOrg[];
  /** An org no client touches, whose key the KMS fault caches on purpose. */
  cached: SoakOrg;
  /** The org whose deployments and webhook deliveries show the followers' and the outbox's leases change hands. */
  leaseProbe: LeaseProbe;
  receiver: Receiver;
  log(text: string): void;
}

const RECOVERY_MS = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const check = (name: string, detail: string[]): CheckResult => ({ name, ok: detail.length === 0, detail });

/** Polls until an instance answers a database-backed API read with 200; ms it took, or null. */
async function recovered(url: string, org: SoakOrg, limitMs: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    try {
      const res = await fetch(`${url}/api/v1/integrations/${org.slug}`, { headers: { "x-api-key": org.persons[0].apiKey }, signal: AbortSignal.timeout(5000) });
      await res.text();
      if (res.status === 200) return Date.now() - start;
    } catch { /* not yet */ }
    await sleep(200);
  }
  return null;
}

/** Every 503 inside a window said what happened in a sentence (a JSON message, an action's error, a page's text). */
function sentencesCheck(rec: Recorder, w: FaultWindow): string[] {
  const mute = rec.requests.filter((r) => r.status === 503 && rec.windowsOf(r).includes(w) && !/[A-Za-z][^.]{10,}\./.test(r.said ?? ""));
  return mute.slice(0, 5).map((r) => `${r.kind} answered 503 without a sentence: ${JSON.stringify((r.said ?? "").slice(0, 120))}`);
}

/** PostgreSQL stopped (fast shutdown), 5 s, started: 503s with a sentence in the gap, both instances back by themselves. */
async function postgresRestart(f: Faults): Promise<CheckResult[]> {
  // A page already rendering when the connection dies answers 500: Next gives a thrown render error
  // no other status. Requests that start in the gap must answer 503 (proxy.ts, lib/db/page-gate.ts).
  const w = f.rec.openWindow("postgres-restart", [503], [500]);
  f.log("fault: PostgreSQL stopped");
  await f.pg.stop();
  await sleep(5000);
  await f.pg.start();
  f.log("fault: PostgreSQL started again");
  const times = await Promise.all(f.apps.map((a) => recovered(a.url, f.probe, 30_000)));
  w.endedAt = Date.now();
  // Within seconds; the bound allows for a loaded 2-core machine, where one API call can take several.
  const detail = times.flatMap((t, i) => (t === null ? [`instance ${i} did not answer 200 within 30 s of the database returning`] : t > RECOVERY_MS ? [`instance ${i} took ${t} ms to recover`] : []));
  f.log(`fault: both instances answered again after ${times.map((t) => `${t} ms`).join(", ")}`);
  return [
    check(`PostgreSQL restart: both instances recover by themselves within ${RECOVERY_MS / 1000} s (${times.map((t) => `${t} ms`).join(", ")})`, detail),
    check("PostgreSQL restart: every 503 in the gap says what happened", sentencesCheck(f.rec, w)),
  ];
}

/**
 * The loopback KMS stopped: an org whose key no instance holds cannot save (503 naming the key
 * service, nothing stored); an org whose key is cached keeps reading until the cache lifetime,
 * and not after it.
 */
async function kmsDown(f: Faults): Promise<CheckResult[]> {
  const detail: string[] = [];
  const org = f.cached;
  const exportProbe = async (url: string) => {
    const res = await fetch(`${url}/api/v1/env/${org.slug}`, { headers: { "x-api-key": org.persons[0].apiKey }, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: await res.text() };
  };
  // An org no client touches: its key is created now on one instance and opened now on the other,
  // so both cache it from this moment and for exactly the cache lifetime.
  const secret = newSecret("openai");
  f.providers.register("openai", secret);
  const stored = await fetch(`${f.apps[0].url}/api/v1/integrations/${org.slug}/openai/setup`, {
    method: "POST", headers: { "x-api-key": org.persons[0].apiKey, "content-type": "application/json" }, body: JSON.stringify({ credential: secret }),
  });
  if (stored.status !== 200) detail.push(`storing the cached org's key answered ${stored.status}`);
  for (const [i, a] of f.apps.entries()) {
    const r = await exportProbe(a.url);
    if (r.status !== 200) detail.push(`instance ${i}: an export of ${org.slug} answered ${r.status} before the fault`);
  }
  const warmedAt = Date.now();
  const w = f.rec.openWindow("kms-down", [503]);
  f.log("fault: KMS stopped");
  await f.kms.stop();
  try {
    for (const [i, a] of f.apps.entries()) {
      const r = await exportProbe(a.url);
      if (r.status !== 200) detail.push(`instance ${i}: an export of ${org.slug}, whose key is cached, answered ${r.status}`);
    }
    for (const fresh of f.fresh) {
      const key = newSecret("openai");
      f.providers.register("openai", key);
      const res = await fetch(`${f.apps[0].url}/api/v1/integrations/${fresh.slug}/openai/setup`, {
        method: "POST", headers: { "x-api-key": fresh.persons[0].apiKey, "content-type": "application/json" },
        body: JSON.stringify({ credential: credentialOf("openai", key) }), signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      if (res.status !== 503 || !/key service is unavailable/i.test(body)) detail.push(`a save in ${fresh.slug} answered ${res.status}: ${body.slice(0, 160)}`);
    }
    // Past the cache lifetime the key is not served from memory any more: the export says the key service is down.
    await sleep(Math.max(0, warmedAt + ORG_KEY_CACHE_TTL_SECONDS * 1000 + 1000 - Date.now()));
    for (const [i, a] of f.apps.entries()) {
      const r = await exportProbe(a.url);
      if (r.status !== 503 || !/key service/.test(r.body)) detail.push(`instance ${i}: an export past the cache lifetime answered ${r.status}, not 503 key_service_unavailable`);
    }
  } finally {
    await f.kms.start();
    f.log("fault: KMS started again");
  }
  const db = openPostgres(f.pg.url, 1);
  try {
    const { rows: [r] } = await db.query<{ n: number }>(`select count(*)::int as n from integrations where org_id = any($1::uuid[])`, [f.fresh.map((o) => o.orgId)]);
    if (r.n !== 0) detail.push(`${r.n} integrations stored while the key service was down`);
  } finally {
    await db.close();
  }
  await sleep(1000);
  w.endedAt = Date.now();
  return [
    check(`KMS down: a save that needs the key service answers 503 "the key service is unavailable" and stores nothing; a cached org reads until the cache lifetime (${ORG_KEY_CACHE_TTL_SECONDS} s), not after`, detail),
    check("KMS down: every 503 says what happened", sentencesCheck(f.rec, w)),
  ];
}

/**
 * One provider at a time: OpenAI hangs, Stripe answers 500, Anthropic rate-limits. Each call to
 * it ends within its timeout; the other providers' calls meanwhile are not held up.
 */
async function providerFaults(f: Faults): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const [provider, behaviour, label] of [["openai", "hang", "hangs"], ["stripe", "outage", "answers 500"], ["anthropic", "rate_limited", "rate-limits"]] as const) {
    const w = f.rec.openWindow(`${provider}-${behaviour}`, [503]);
    f.log(`fault: ${provider} ${label}`);
    f.providers.set(provider, behaviour);
    await sleep(5000);
    f.providers.set(provider, "valid");
    // Calls that started inside may still be waiting for their timeout.
    await sleep(PROVIDER_TIMEOUT_MS + 500);
    w.endedAt = Date.now();
    const inside = f.rec.requests.filter((r) => r.provider && r.startedAt >= w.startedAt && r.startedAt <= w.endedAt - PROVIDER_TIMEOUT_MS - 500 && r.status > 0);
    const faulty = inside.filter((r) => r.provider === provider).map((r) => r.ms).sort((a, b) => a - b);
    const others = inside.filter((r) => r.provider !== provider).map((r) => r.ms).sort((a, b) => a - b);
    // The bound: the provider timeout plus what a loaded 2-core machine adds around the call.
    const bound = PROVIDER_TIMEOUT_MS + 4000;
    const detail: string[] = [];
    const worst = faulty.at(-1) ?? 0;
    if (worst > bound) detail.push(`a ${provider} call took ${worst.toFixed(0)} ms, over ${bound} ms`);
    const p50 = others[Math.floor(others.length / 2)] ?? 0;
    // Held up means waiting on the faulty provider: past its timeout, and well past what provider
    // calls take outside every fault on this machine right now (a loaded machine slows all alike).
    const normal = f.rec.requests.filter((r) => r.provider && r.status > 0 && f.rec.windowsOf(r).length === 0).map((r) => r.ms).sort((a, b) => a - b);
    const usual = normal[Math.floor(normal.length / 2)] ?? 0;
    if (p50 >= PROVIDER_TIMEOUT_MS && p50 > 2 * usual) detail.push(`other providers' calls took ${p50.toFixed(0)} ms (median) meanwhile, ${usual.toFixed(0)} ms outside faults: held up behind ${provider}`);
    out.push(check(`${provider} ${label}: its ${faulty.length} calls bounded (slowest ${worst.toFixed(0)} ms, timeout ${PROVIDER_TIMEOUT_MS} ms); other providers' ${others.length} calls median ${p50.toFixed(0)} ms (outside faults so far: ${usual.toFixed(0)} ms)`, detail));
  }
  return out;
}

/**
 * One instance SIGKILLed while it holds the scheduler's lease (a run stuck on a hanging provider),
 * follows deployments, has webhook deliveries in flight, and clients write through it: the other
 * takes each lease over once it lapses; nothing partial is left (the final checks). The killed one
 * is then started again, as an orchestrator would.
 */
async function killInstance(f: Faults): Promise<CheckResult[]> {
  const detail: string[] = [];
  const cron = (url: string) => fetch(`${url}/api/cron/revalidate`, { headers: { authorization: `Bearer ${f.env.CRON_SECRET}` }, signal: AbortSignal.timeout(60_000) });
  const db = openPostgres(f.pg.url, 1);
  const w = f.rec.openWindow("instance-kill", [0, 503]);
  let takeover: number | null = null;
  const out: CheckResult[] = [];
  try {
    const victim = 1;
    // Builds that go on until released, followed by both instances' timers; deliveries made
    // through the victim (which sends what it queued at once), held unanswered by the receiver.
    const deployments = await startProbeDeployments(f.leaseProbe, 6);
    const held = await probeDeliveries(f.leaseProbe, f.apps[victim].url, f.receiver, 8, () => newSecret("openai"));
    f.log(`fault: ${deployments.length} deployments followed, ${held} webhook deliveries in flight`);
    // Due credentials of a provider that hangs: the victim's scheduler run holds the lease and waits.
    f.providers.set("openai", "hang");
    await db.query(`update integrations set last_checked_at = now() - interval '30 days' where provider = 'openai'`);
    void cron(f.apps[victim].url).then((r) => r.text()).catch(() => {});
    const leased = Date.now();
    while (Date.now() - leased < 10_000 && (await db.query(`select 1 from scheduler_leases where name = 'revalidate'`)).rows.length === 0) await sleep(100);
    f.pool.up[victim] = false;
    const atKill = await deploymentLeases(db, deployments.map((d) => d.id));
    await f.apps[victim].kill();
    const killedAt = Date.now();
    f.log("fault: instance 1 SIGKILLed while holding the scheduler lease");
    f.providers.set("openai", "valid");
    const followers = followersTakenOver(f.leaseProbe, deployments, atKill, killedAt);
    const outbox = outboxTakenOver(db, f.receiver, killedAt);
    // The survivor's cron calls take the lease once the dead holder's has lapsed.
    while (Date.now() - killedAt < 90_000) {
      const res = await cron(f.apps[0].url).catch(() => null);
      const body = res ? ((await res.json().catch(() => ({}))) as { ran?: boolean }) : {};
      if (body.ran) { takeover = Date.now() - killedAt; break; }
      await sleep(2000);
    }
    if (takeover === null) detail.push("the surviving instance never ran the scheduler within 90 s: the dead instance's lease was not taken over");
    f.log(`fault: scheduler lease taken over after ${takeover} ms`);
    out.push(...(await Promise.all([followers, outbox])));
    f.log(`fault: ${out.map((c) => c.name.replace(/^instance SIGKILLed: /, "")).join("; ")}; restarting instance ${victim}`);
    const port = Number(new URL(f.apps[victim].url).port);
    f.apps[victim] = await startApp(f.env, f.dataDir, port);
    f.pool.up[victim] = true;
  } finally {
    f.providers.set("openai", "valid");
    await db.close();
  }
  await sleep(1000);
  w.endedAt = Date.now();
  return [check(`instance SIGKILLed mid-write: the other takes over its scheduler lease (after ${takeover ?? "never"} ms)`, detail), ...out];
}

/** The faults, one after another, spread over the run. */
export async function injectFaults(f: Faults, seconds: number): Promise<CheckResult[]> {
  const steps = [postgresRestart, kmsDown, providerFaults, killInstance];
  const gap = Math.max(2000, (seconds * 1000) / (steps.length * 4));
  const out: CheckResult[] = [];
  for (const step of steps) {
    await sleep(gap);
    out.push(...(await step(f)));
  }
  return out;
}
