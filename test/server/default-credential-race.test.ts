import type { Db } from "@/lib/db/types";
import { insertConnection } from "@/lib/oauth/queries";
import { revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey } from "../helpers/health";

// Point 5 of issue 13: parallel first credentials of a provider raced for integrations_one_default
// and the loser answered 500. Through the real service, 50 at a time.
const openai = getProvider("openai")!;
jest.setTimeout(120_000);

describe.each(dbKinds)("choosing a provider's default under concurrency on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let roomy: typeof env.deps;
  const count = async (db: Db, orgId: string, where = "true") =>
    (await db.query<{ n: number }>(`select count(*)::int as n from integrations where org_id = $1 and ${where}`, [orgId])).rows[0].n;

  beforeAll(async () => {
    env = await healthEnv(kind);
    const context = env.deps.context;
    // Room for 50 checks by one person, and no provider call timing out on a busy machine.
    roomy = { ...env.deps, context: (id) => ({ ...context(id), timeoutMs: 60_000 }), checkLimits: { perPerson: 1000, perOrg: 1000, windowMinutes: 10 } };
    for (let i = 0; i < 50; i++) env.fake.keys.set(openaiKey(`first${i}`), "valid");
  });
  afterAll(() => env.close());

  it("stores all of 50 first credentials saved at once, exactly one of them the default", async () => {
    const org = await makeOrg(env.db, `first-${kind}`);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
      setupIntegration(roomy, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name: `first${i}`, credential: { apiKey: openaiKey(`first${i}`) }, skipValidation: true })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(results.map((r) => r.status === "fulfilled" && r.value.kind)).toEqual(Array(50).fill("stored"));
    expect(await count(env.db, org.orgId)).toBe(50);
    expect(await count(env.db, org.orgId, "is_default")).toBe(1);
  });

  it("replaces one name from 50 saves at once: one row, one default, a secret that opens", async () => {
    const org = await makeOrg(env.db, `same-${kind}`);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) =>
      setupIntegration(roomy, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name: "shared", credential: { apiKey: openaiKey(`first${i}`) }, skipValidation: i % 2 === 0 })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await count(env.db, org.orgId)).toBe(1);
    expect(await count(env.db, org.orgId, "is_default")).toBe(1);
    const { rows } = await env.db.query<{ id: string }>(`select id from integrations where org_id = $1`, [org.orgId]);
    expect(await revalidateIntegration(roomy, { userId: org.users.admin }, org.orgId, openai, rows[0].id)).toMatchObject({ kind: "checked", status: "VALID" });
  });

  it("records 50 first OAuth connections of a provider at once, exactly one of them the default", async () => {
    const org = await makeOrg(env.db, `first-oauth-${kind}`);
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      insertConnection(env.db, { orgId: org.orgId, provider: "slack", name: `ws${i}`, nangoIntegration: "slack", connectionId: `c-${kind}-${i}`, accountLabel: "x" })));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(await count(env.db, org.orgId, "is_default")).toBe(1);
    // A name already taken still answers null, as the connect action expects.
    expect(await insertConnection(env.db, { orgId: org.orgId, provider: "slack", name: "ws0", nangoIntegration: "slack", connectionId: `c-${kind}-again`, accountLabel: "x" })).toBeNull();
  });
});
