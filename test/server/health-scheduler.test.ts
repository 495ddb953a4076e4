import { retryAfter } from "@/lib/integrations/backoff";
import { listOpenNotifications } from "@/lib/integrations/notifications";
import { listIntegrations } from "@/lib/integrations/queries";
import { runScheduledRevalidation } from "@/lib/integrations/scheduler";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { ageChecks, anthropicKey, healthEnv, openaiKey, storeKey } from "../helpers/health";

const DAY = 24 * 60;

describe.each(dbKinds)("scheduled re-validation on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let n = 0;
  const newOrg = async () => (org = await makeOrg(env.db, `sched-${kind}-${n++}`));
  const calls = () => env.fake.requests.length;
  const run = (extra: Parameters<typeof runScheduledRevalidation>[1] = { staleAfterMinutes: DAY }) => runScheduledRevalidation(env.deps, extra);
  // Runs at the configured age see only this test's org: earlier tests' rows are fresh.
  const clearOthers = () => env.db.query(`update integrations set last_checked_at = now() where org_id <> $1`, [org.orgId]);

  beforeAll(async () => {
    env = await healthEnv(kind);
  });
  afterAll(() => env.close());

  it("flips a key revoked at the provider to INVALID on the next run, and notifies once across runs", async () => {
    await newOrg();
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "production", openaiKey("rev"));
    expect(await run()).toMatchObject({ ran: true, checked: 0 });
    env.fake.keys.set(openaiKey("rev"), "invalid");
    await ageChecks(env.db, org.orgId, 2 * DAY);
    expect(await run()).toMatchObject({ checked: 1, invalid: 1, becameInvalid: 1 });
    expect((await listIntegrations(env.db, org.orgId))[0]).toMatchObject({ id, status: "INVALID" });
    for (let i = 0; i < 2; i++) {
      await ageChecks(env.db, org.orgId, 2 * DAY);
      expect(await run()).toMatchObject({ checked: 1, invalid: 1, becameInvalid: 0 });
    }
    expect(await listOpenNotifications(env.db, org.orgId)).toHaveLength(1);
    const { rows } = await env.db.query<{ actor_user_id: string | null; metadata: { source: string } }>(
      `select actor_user_id, metadata from audit_events where org_id = $1 and action = 'integration.validate'`, [org.orgId]);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.actor_user_id === null && r.metadata.source === "scheduler")).toBe(true);
    const sources = await env.db.query<{ source: string }>(`select source from integration_checks where integration_id = $1`, [id]);
    expect(sources.rows.map((r) => r.source).sort()).toEqual(["scheduler", "scheduler", "scheduler", "setup"]);
  });

  it("verifies PENDING credentials on the next run, however recently they were saved", async () => {
    await newOrg();
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "later", openaiKey("pend"));
    await env.db.query(`update integrations set status = 'PENDING', last_checked_at = now() where org_id = $1`, [org.orgId]);
    expect(await run()).toMatchObject({ checked: 1, valid: 1 });
    expect((await listIntegrations(env.db, org.orgId))[0].status).toBe("VALID");
  });

  it("leaves VALID alone during an outage, stops calling that provider, and backs off on the next run", async () => {
    await newOrg();
    for (const tag of ["o1", "o2", "o3"]) await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", tag, openaiKey(tag));
    for (const tag of ["o1", "o2", "o3"]) env.fake.keys.set(openaiKey(tag), "outage");
    await clearOthers();
    await ageChecks(env.db, org.orgId, 2 * DAY);
    const first = await run({ staleAfterMinutes: DAY, concurrency: 1 });
    expect(first).toMatchObject({ checked: 1, inconclusive: 1, deferred: 2 });
    expect((await listIntegrations(env.db, org.orgId)).map((r) => r.status)).toEqual(["VALID", "VALID", "VALID"]);

    const before = calls();
    const second = await run({ staleAfterMinutes: DAY });
    expect(second.backedOff).toEqual(["openai"]);
    expect(second.checked).toBe(0);
    expect(calls()).toBe(before);

    // Once the wait has passed the provider is tried again, and a real answer ends the backoff.
    for (const tag of ["o1", "o2", "o3"]) env.fake.keys.set(openaiKey(tag), "valid");
    const third = await run({ staleAfterMinutes: DAY, now: new Date(Date.now() + 6 * 60_000) });
    expect(third).toMatchObject({ backedOff: [], checked: 2, valid: 2 });
  });

  it("waits longer the longer a provider has been down", () => {
    const policy = { baseMs: 5 * 60_000, maxMs: 12 * 60 * 60_000 };
    const at = (minutesAgo: number, outcome = "provider_outage") => ({ outcome, checkedAt: new Date(Date.UTC(2026, 0, 1, 12) - minutesAgo * 60_000) });
    const lastAt = Date.UTC(2026, 0, 1, 12);
    expect(retryAfter([at(0, "valid"), at(10)], policy)).toBeNull();
    expect(retryAfter([at(0)], policy)?.getTime()).toBe(lastAt + 5 * 60_000);
    expect(retryAfter([at(0), at(5, "rate_limited"), at(40), at(90, "valid")], policy)?.getTime()).toBe(lastAt + 40 * 60_000);
    expect(retryAfter([at(0), at(3 * DAY)], policy)?.getTime()).toBe(lastAt + policy.maxMs);
  });

  it("keeps to the per-provider budget and the concurrency bound", async () => {
    await newOrg();
    for (let i = 0; i < 7; i++) await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", `o${i}`, openaiKey(`b${i}`));
    for (let i = 0; i < 3; i++) await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "anthropic", `a${i}`, anthropicKey(`b${i}`));
    // Forget the earlier test's openai outage, so openai is not backing off here.
    await env.db.query(`delete from integration_checks where provider = 'openai' and outcome = 'provider_outage'`);
    await clearOthers();
    await ageChecks(env.db, org.orgId, 2 * DAY);
    env.gate.delayMs = 40;
    env.gate.maxInFlight = 0;
    const before = env.fake.requests.length;
    const first = await run({ staleAfterMinutes: DAY, perProviderBudget: 4, concurrency: 3 });
    expect(first).toMatchObject({ checked: 7, valid: 7, deferred: 3 });
    expect(env.fake.requests.length - before).toBe(7);
    expect(env.gate.maxInFlight).toBe(3);
    const { rows } = await env.db.query<{ provider: string; n: number }>(
      `select provider, count(*)::int as n from integration_checks where org_id = $1 and source = 'scheduler' group by provider order by provider`, [org.orgId]);
    expect(rows).toEqual([{ provider: "anthropic", n: 3 }, { provider: "openai", n: 4 }]);
    expect(await run({ staleAfterMinutes: DAY, perProviderBudget: 4, concurrency: 3 })).toMatchObject({ checked: 3, deferred: 0 });
    env.gate.delayMs = 0;
  });

  it("does not start a second run while one holds the lease", async () => {
    env.gate.delayMs = 100;
    await ageChecks(env.db, org.orgId, 2 * DAY);
    const [a, b] = await Promise.all([run({ staleAfterMinutes: DAY, concurrency: 2 }), run({ staleAfterMinutes: DAY, concurrency: 2 })]);
    env.gate.delayMs = 0;
    expect([a.ran, b.ran].sort()).toEqual([false, true]);
    expect(a.checked + b.checked).toBe(10);
    expect((await run()).ran).toBe(true);
  });

  it("calls any one provider at most twice at once at its default width, and a provider that hangs holds only its own slots", async () => {
    await newOrg();
    for (let i = 0; i < 6; i++) await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", `h${i}`, openaiKey(`cap${i}`));
    for (let i = 0; i < 3; i++) await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "anthropic", `h${i}`, anthropicKey(`cap${i}`));
    await env.db.query(`delete from integration_checks where outcome in ('provider_outage', 'rate_limited', 'timeout')`);
    await clearOthers();
    await ageChecks(env.db, org.orgId, 2 * DAY);
    env.gate.byProvider = {};
    let release!: () => void;
    env.gate.hold.openai = new Promise<void>((r) => (release = r));
    try {
      const running = run({ staleAfterMinutes: DAY });
      // OpenAI hangs: Anthropic's checks are all answered meanwhile, with OpenAI holding two calls.
      while ((env.gate.byProvider.anthropic?.answered ?? 0) < 3) await new Promise((r) => setTimeout(r, 10));
      expect(env.gate.byProvider.openai).toMatchObject({ inFlight: 2, maxInFlight: 2 });
      release();
      expect(await running).toMatchObject({ ran: true });
      expect(env.gate.byProvider.openai.maxInFlight).toBe(2);
    } finally {
      release();
      env.gate.hold.openai = undefined;
    }
  });

  it("holds its lease a short TTL renewed while it runs: a live run keeps it, a dead one would free it within the TTL", async () => {
    await newOrg();
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "slow", openaiKey("slow"));
    await clearOthers();
    const lease = async () => (await env.db.query<{ left: number }>(
      `select extract(epoch from expires_at - now())::float8 as left from scheduler_leases where name = 'revalidate'`)).rows[0];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    env.gate.delayMs = 1500;
    try {
      for (const leaseSeconds of [undefined, 1]) {
        await ageChecks(env.db, org.orgId, 2 * DAY);
        const first = run({ staleAfterMinutes: DAY, leaseSeconds });
        while (!(await lease())) await sleep(20);
        // The soak SIGKILLs an instance mid-run: its lease must not lock the others out for long (it was 15 minutes).
        expect((await lease()).left).toBeLessThanOrEqual(leaseSeconds ?? 30);
        if (leaseSeconds) {
          await sleep(1200); // past the first TTL: only the renewals keep it
          expect((await run({ staleAfterMinutes: DAY })).ran).toBe(false);
        }
        expect(await first).toMatchObject({ ran: true, checked: 1 });
        expect(await lease()).toBeUndefined();
      }
    } finally {
      env.gate.delayMs = 0;
    }
  });

  it("lets orgs take turns, so one org's pile of PENDING keys cannot hold back another's check", async () => {
    const quiet = await newOrg();
    const stale = await storeKey(env.deps, env.fake, quiet.orgId, quiet.users.admin, "openai", "prod", openaiKey("quiet"));
    const busy = await newOrg();
    for (let i = 0; i < 5; i++) await storeKey(env.deps, env.fake, busy.orgId, busy.users.admin, "openai", `p${i}`, openaiKey(`busy${i}`));
    await env.db.query(`update integrations set last_checked_at = now() where org_id not in ($1, $2)`, [quiet.orgId, busy.orgId]);
    await env.db.query(`update integrations set status = 'PENDING', last_checked_at = now() where org_id = $1`, [busy.orgId]);
    await ageChecks(env.db, quiet.orgId, 2 * DAY);
    expect(await run({ staleAfterMinutes: DAY, perProviderBudget: 2 })).toMatchObject({ checked: 2, deferred: 4 });
    const { rows } = await env.db.query<{ n: number }>(`select count(*)::int as n from integration_checks where integration_id = $1 and source = 'scheduler'`, [stale]);
    expect(rows[0].n).toBe(1);
  });

  it("re-checks each org no more often than its plan allows when billing is on, and by the setting alone when it is off", async () => {
    const subscribe = (orgId: string, plan: string, status: string, graceEnds: string | null = null) => env.db.query(
      `insert into org_billing (org_id, stripe_customer_id, plan, status, grace_ends_at) values ($1, $2, $3, $4, $5::interval + now())`,
      [orgId, `cus_${orgId.slice(0, 8)}`, plan, status, graceEnds]);
    const orgs: Record<string, string> = {};
    for (const name of ["free", "team", "business", "lapsed"]) {
      const o = await newOrg();
      orgs[name] = await storeKey(env.deps, env.fake, o.orgId, o.users.admin, "openai", "prod", openaiKey(`plan-${name}`));
      if (name === "team") await subscribe(o.orgId, "team", "active");
      if (name === "business") await subscribe(o.orgId, "business", "active");
      // A failed payment whose grace period is over: Free's limits apply again.
      if (name === "lapsed") await subscribe(o.orgId, "business", "past_due", "-1 day");
    }
    const ids = Object.values(orgs);
    // Earlier tests' rows, PENDING ones too, are neither due nor counted here.
    await env.db.query(`update integrations set status = 'VALID', last_checked_at = now() + interval '1 day' where not (id = any($1::uuid[]))`, [ids]);
    const checkedSince = async (since: Date) => (await env.db.query<{ integration_id: string }>(
      `select integration_id from integration_checks where integration_id = any($1::uuid[]) and source = 'scheduler' and checked_at >= $2`, [ids, since],
    )).rows.map((r) => r.integration_id);
    const age = (minutes: number) => env.db.query(`update integrations set last_checked_at = now() - make_interval(mins => $2) where id = any($1::uuid[])`, [ids, minutes]);

    // Two hours since the last check, with the setting at 10 minutes: Team (hourly) and Business (15 min) are due, Free (daily) is not.
    await age(120);
    let since = new Date();
    expect(await run({ staleAfterMinutes: 10, plans: true })).toMatchObject({ checked: 2 });
    expect((await checkedSince(since)).sort()).toEqual([orgs.team, orgs.business].sort());
    // Thirty minutes: only Business.
    await age(30);
    since = new Date();
    expect(await run({ staleAfterMinutes: 10, plans: true })).toMatchObject({ checked: 1 });
    expect(await checkedSince(since)).toEqual([orgs.business]);
    // A plan never makes checks more frequent than the setting: with the setting at a day, none of them.
    await age(120);
    expect(await run({ staleAfterMinutes: DAY, plans: true })).toMatchObject({ checked: 0 });
    // Billing off: the setting alone, for every org.
    expect(await run({ staleAfterMinutes: 10, plans: false })).toMatchObject({ checked: 4 });
  });
});
