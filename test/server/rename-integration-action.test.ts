import { renameIntegrationAction } from "@/actions/integrations/rename-integration";
import { credentialNameSchema } from "@/lib/zod/integrations";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey, storeKey } from "../helpers/health";

// The action runs with a signed-in admin and this test's database; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe.each(dbKinds)("renaming a credential on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let id: string;
  const rename = (name: string) => renameIntegrationAction(null, { orgSlug: org.slug, provider: "openai", integrationId: id, name });

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
    org = await makeOrg(env.db, `rename-${kind}`);
    mockCurrent.user.id = org.users.admin;
    id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "production", openaiKey("p"));
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "staging", openaiKey("s"));
  });
  afterAll(() => env.close());

  it("gives the name rule at the field, and the rule names every character it accepts", async () => {
    const result = await rename("no/slashes");
    expect(result).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["Use letters, digits, spaces, underscores, dots, dashes and round brackets."] } });
    // The underscore the rule now names is accepted, and so is everything else it lists.
    expect(credentialNameSchema.safeParse("prod_eu-1 (v2.0)").success).toBe(true);
    expect(await rename("prod_eu")).toMatchObject({ ok: true, message: "Renamed to prod_eu." });
  });

  it("refuses an empty or blank name with one sentence at the field", async () => {
    for (const name of ["", "   "]) {
      expect(await rename(name)).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["Name this credential."] } });
    }
  });

  it("says at the field that a name is taken, in any letter case, with its stored spelling", async () => {
    for (const name of ["staging", "STAGING"]) {
      expect(await rename(name)).toMatchObject({
        ok: false, status: 409, fieldErrors: { name: ["OpenAI already has a credential named “staging”. Choose another name."] },
      });
    }
  });
});
