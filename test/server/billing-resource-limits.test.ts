import type { Db } from "@/lib/db/types";
import { parseEnv, type Env } from "@/lib/env-schema";
import { startStripeFake, type StripeFake } from "../fakes/stripe-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// Billing on (the SDK points at a loopback fake, though limits never call Stripe); everything else is real.
const mockCurrent = { env: parseEnv({}) as Env };
jest.mock("@/lib/env", () => ({ get env() { return mockCurrent.env; } }));

import { createAgent, revokeAgent } from "@/lib/agents/manage";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loopbackHookTarget } from "../helpers/requests";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { createRunpodEndpoint } from "@/lib/runpod/endpoints";
import { createGpuCache } from "@/lib/runpod/gpu-cache";
import { startRunpodFake } from "../fakes/runpod-fake";
import { apiWorld } from "../helpers/api";
import { createNango } from "@/lib/oauth/nango";
import { handleNangoWebhook } from "@/lib/oauth/webhook";
import { startNangoFake } from "../fakes/nango-fake";

let stripe: StripeFake;
beforeAll(async () => {
  stripe = await startStripeFake();
  mockCurrent.env = parseEnv(stripe.env());
});
afterAll(() => stripe.close());

async function subscribe(db: Db, orgId: string, plan: "team" | "business") {
  await db.query(`insert into org_billing (org_id, stripe_customer_id, plan, status) values ($1, $2, $3, 'active')
    on conflict (org_id) do update set plan = excluded.plan, status = excluded.status`, [orgId, `cus_${orgId.slice(0, 8)}`, plan]);
}

describe.each(dbKinds)("plan limits on agents, webhook subscriptions and deployments on %s", (kind) => {
  let db: Db;
  let n = 0;
  beforeAll(async () => {
    db = await freshDb(kind);
  });
  afterAll(() => db.close());
  const newOrg = () => makeOrg(db, `res-${kind}-${n++}`);

  describe("agents", () => {
    const create = (org: Awaited<ReturnType<typeof newOrg>>, name: string) => createAgent(db, { userId: org.users.admin }, {
      orgId: org.orgId, name, description: null, expiresAt: null, allowedCidrs: [], createdBy: org.users.admin,
    });
    const live = async (orgId: string) => (await db.query<{ n: number }>(`select count(*)::int as n from agents where org_id = $1 and revoked_at is null`, [orgId])).rows[0].n;

    it("Free holds one agent: of 10 created at once exactly one is, and a revoked one frees its place", async () => {
      const org = await newOrg();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(org, `bot-${i}`)));
      const created = results.filter((r) => r.kind === "created");
      expect(created).toHaveLength(1);
      expect(results.filter((r) => r.kind === "plan_limit")[0]).toEqual({ kind: "plan_limit", hit: { key: "agents", plan: "free", planName: "Free", limit: 1, count: 1 } });
      expect(await live(org.orgId)).toBe(1);
      await revokeAgent(db, { userId: org.users.admin }, org.orgId, (created[0] as { agent: { id: string } }).agent.id);
      expect(await create(org, "replacement")).toMatchObject({ kind: "created" });
    });

    it("Team holds ten", async () => {
      const org = await newOrg();
      await subscribe(db, org.orgId, "team");
      for (let i = 0; i < 10; i++) expect(await create(org, `team-bot-${i}`)).toMatchObject({ kind: "created" });
      expect(await create(org, "one-too-many")).toMatchObject({ kind: "plan_limit", hit: { plan: "team", limit: 10, count: 10 } });
      expect(await live(org.orgId)).toBe(10);
    });
  });

  describe("webhook subscriptions", () => {
    it("Free holds one: of 8 added at once exactly one is; Business holds 50", async () => {
      const vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-limits-"))), cacheTtlMs: 60_000 });
      const org = await newOrg();
      const add = (i: number) => createSubscription({ db, vault, target: loopbackHookTarget }, { userId: org.users.admin }, {
        orgId: org.orgId, url: `https://rebind.example:9/hook-${i}`, eventTypes: ["credential.saved"], createdBy: org.users.admin,
      });
      const count = async () => (await db.query<{ n: number }>(`select count(*)::int as n from webhook_subscriptions where org_id = $1`, [org.orgId])).rows[0].n;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => add(i)));
      expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
      expect(results.find((r) => r.kind === "plan_limit")).toEqual({ kind: "plan_limit", hit: { key: "webhookSubscriptions", plan: "free", planName: "Free", limit: 1, count: 1 } });
      expect(await count()).toBe(1);
      await subscribe(db, org.orgId, "business");
      for (let i = 1; i < 50; i++) expect(await add(100 + i)).toMatchObject({ kind: "created" });
      expect(await add(999)).toMatchObject({ kind: "plan_limit", hit: { plan: "business", limit: 50, count: 50 } });
      expect(await count()).toBe(50);
    });
  });

  describe("deployments per month", () => {
    it("Free holds 10 a month: of 4 RunPod endpoints started at once with 8 this month only 2 are, and RunPod keeps none of the refused", async () => {
      const KEY = `rpa_${"L1M1TS00".repeat(5)}ints`;
      const rp = await startRunpodFake({ keys: { [KEY]: "valid" } });
      const world = await apiWorld(kind, "limits-rp");
      try {
        const org = world.a;
        const actor = { userId: org.users.admin, ip: "203.0.113.9", userAgent: "jest" };
        const stored = await setupIntegration(world.deps, actor, { orgId: org.orgId, provider: getProvider("runpod")!, name: "default", credential: { apiKey: KEY }, skipValidation: true });
        expect(stored.kind).toBe("stored");
        const deps = { ...world.deps, context: (id: string) => validationContext({ providerBaseUrls: { [id]: rp.url }, PROVIDER_TIMEOUT_MS: 2000 }, id) };
        // Eight this month and two last month (which do not count).
        await world.db.query(`insert into deployments (org_id, kind, name, state, finished_at, created_at)
          select $1, 'runpod', 'earlier-' || g, 'ready', now(), case when g <= 8 then now() else date_trunc('month', now()) - interval '1 day' end
            from generate_series(1, 10) g`, [org.orgId]);
        const start = (i: number) => createRunpodEndpoint(deps, actor, {
          orgId: org.orgId, name: `ep-${i}`, source: { image: "runpod/worker:1.0" }, gpuTypeId: "NVIDIA GeForce RTX 4090",
          gpuCount: 1, workersMin: 0, workersMax: 1, credentialIds: [],
        }, createGpuCache());
        const results = await Promise.all([0, 1, 2, 3].map(start));
        expect(results.filter((r) => r.ok)).toHaveLength(2);
        const refused = results.filter((r) => !r.ok);
        expect(refused).toHaveLength(2);
        for (const r of refused) expect(r).toMatchObject({ status: 402, error: expect.stringContaining("This organization has 10 deployments this month, and the Free plan allows 10") });
        expect((await world.db.query<{ n: number }>(`select count(*)::int as n from deployments where org_id = $1 and created_at >= date_trunc('month', now())`, [org.orgId])).rows[0].n).toBe(10);
        expect(rp.endpoints.size).toBe(2);
      } finally {
        await rp.close();
        await world.close();
      }
    });
  });

  describe("OAuth connections", () => {
    it("a Nango connection that arrives with the plan full is not recorded, and is audited as refused", async () => {
      const fake = await startNangoFake();
      try {
        const nango = createNango({ NANGO_SECRET_KEY: fake.secretKey, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.nango.dev" })!;
        const org = await newOrg();
        const connect = (connectionId: string, credentialName: string) => {
          const hook = fake.authWebhook({
            connectionId, providerConfigKey: "slack", provider: "slack", operation: "creation", success: true,
            endUser: { endUserId: org.users.admin, organizationId: org.orgId, tags: {} },
            tags: { end_user_id: org.users.admin, organization_id: org.orgId, switchboard_provider: "slack", credential_name: credentialName },
          });
          return handleNangoWebhook(nango, async () => db, hook.raw, hook.headers, { userId: null, ip: "198.51.100.7", userAgent: "Nango webhook" });
        };
        await db.query(`insert into integrations (org_id, provider, name, is_default, status)
          select $1, 'github', 'fill-' || g, g = 1, 'VALID' from generate_series(1, 4) g`, [org.orgId]);
        expect(await connect("3f1c6a52-9d1e-4c55-a0b7-5a2f3d4e6b71", "first")).toMatchObject({ status: 200, body: { result: "connected" } });
        expect(await connect("3f1c6a52-9d1e-4c55-a0b7-5a2f3d4e6b72", "second")).toMatchObject({ status: 200, body: { result: "ignored: plan limit reached" } });
        const { rows } = await db.query<{ name: string }>(`select name from integrations where org_id = $1 and provider = 'slack'`, [org.orgId]);
        expect(rows.map((r) => r.name)).toEqual(["first"]);
        const audit = await db.query<{ outcome: string }>(`select outcome from audit_events where org_id = $1 and action = 'oauth.connect' order by id`, [org.orgId]);
        expect(audit.rows.map((r) => r.outcome)).toEqual(["valid", "plan_limit"]);
      } finally {
        await fake.close();
      }
    });
  });
});
