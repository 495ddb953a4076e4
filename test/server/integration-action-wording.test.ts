import { revalidateIntegrationAction } from "@/actions/integrations/revalidate-integration";
import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey } from "../helpers/health";

// The actions run with a signed-in admin and this test's database; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe.each(dbKinds)("what the setup and re-validate actions say, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const setup = (key: string, name: string, skipValidation = false) =>
    setupIntegrationAction(null, { orgSlug: org.slug, provider: "openai", name, "field.apiKey": key, skipValidation });
  const revalidate = (integrationId: string) => revalidateIntegrationAction(null, { orgSlug: org.slug, provider: "openai", integrationId });
  const idOf = async (name: string) => (await env.db.query<{ id: string }>(`select id from integrations where org_id = $1 and name = $2`, [org.orgId, name])).rows[0].id;

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
    org = await makeOrg(env.db, `wording-${kind}`);
    mockCurrent.user.id = org.users.admin;
  });
  afterAll(() => env.close());

  it("says a rejection once, not 'OpenAI rejected this credential: OpenAI rejected the key.'", async () => {
    env.fake.keys.set(openaiKey("nope"), "invalid");
    const result = await setup(openaiKey("nope"), "production");
    expect(result).toMatchObject({ ok: false, status: 422 });
    const error = result.ok ? "" : result.error;
    expect(error).toMatch(/^OpenAI rejected the key\. .*Incorrect API key provided.* Nothing was stored\.$/);
    expect(error.match(/rejected/g)).toHaveLength(1);
  });

  it("names a status with the badge's word: 'left as Pending', 'now Invalid'", async () => {
    env.fake.keys.set(openaiKey("later"), "outage");
    expect(await setup(openaiKey("later"), "later", true)).toMatchObject({ ok: true, message: "Saved without verifying." });
    const id = await idOf("later");
    const down = await revalidate(id);
    expect(down.ok && down.message).toMatch(/^Couldn't verify now: .*\. The status was left as Pending\.$/);
    expect(down.ok && down.message).not.toContain(".)");

    env.fake.keys.set(openaiKey("later"), "invalid");
    const rejected = await revalidate(id);
    expect(rejected.ok && rejected.message).toMatch(/^OpenAI rejected the key\. .* The status is now Invalid\.$/);
    expect(rejected.ok && rejected.message?.match(/reject/g)).toHaveLength(1);
  });

  it("marks a bad name and a mistyped key together, on the first try, and stores nothing", async () => {
    const result = await setup("not-a-key", "prod/eu");
    expect(result).toMatchObject({ ok: false, status: 400, error: "Check the highlighted fields." });
    const fields = result.ok ? {} : result.fieldErrors ?? {};
    expect(Object.keys(fields).sort()).toEqual(["field.apiKey", "name"]);
    expect(fields["field.apiKey"]).toHaveLength(1);
    expect((await env.db.query(`select 1 from integrations where org_id = $1 and name = 'prod/eu'`, [org.orgId])).rows).toHaveLength(0);
  });

  it("says a save under a taken name replaced that credential's key, and only then", async () => {
    env.fake.keys.set(openaiKey("first"), "valid");
    env.fake.keys.set(openaiKey("second"), "valid");
    expect(await setup(openaiKey("first"), "replaced-here")).toMatchObject({ ok: true, message: "Verified and saved." });
    expect(await setup(openaiKey("second"), "replaced-here")).toMatchObject({ ok: true, message: "Verified, and replaced the key of “replaced-here”." });
    expect(await setup(openaiKey("first"), "replaced-here", true)).toMatchObject({ ok: true, message: "Saved without verifying, replacing the key of “replaced-here”." });
  });
});
