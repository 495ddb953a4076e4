import { redeemResetCodeAction } from "@/actions/auth/redeem-reset-code";
import { createResetCodeAction } from "@/actions/members/create-reset-code";
import { signInLocal } from "@/lib/auth/local";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// The actions run with this test's signed-in user and database; everything else is real.
const mockCurrent = { db: undefined as Db | undefined, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "198.51.100.77", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("next/navigation", () => ({
  redirect: (to: string) => { throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` }); },
}));

jest.setTimeout(120_000);

describe.each(dbKinds)("the reset-code actions on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  beforeAll(async () => {
    db = mockCurrent.db = await freshDb(kind);
    org = await makeOrg(db, `reset-act-${kind}`);
  });
  afterAll(() => db.close());
  const as = (id: string) => (mockCurrent.user = { id, email: "someone@example.test" });

  it("gives codes to owners only, and the code sets the password once", async () => {
    for (const notOwner of [org.users.admin, org.users.member]) {
      as(notOwner);
      expect(await createResetCodeAction(null, { orgSlug: org.slug, userId: org.users.member })).toMatchObject({ ok: false, status: 403 });
    }
    expect((await db.query(`select 1 from password_resets`)).rows).toHaveLength(0);
    as(org.users.owner);
    const created = await createResetCodeAction(null, { orgSlug: org.slug, userId: org.users.member });
    if (!created.ok) throw new Error(created.error);
    expect(created.data).toMatchObject({ code: expect.stringMatching(/^sbr_/), minutes: 30 });

    const bad = await redeemResetCodeAction(null, { code: `sbr_${"A".repeat(32)}`, password: "a brand new long password" });
    expect(bad).toMatchObject({ ok: false, status: 400, error: expect.stringMatching(/^This reset code does not work/), fieldErrors: { code: ["Not a working code."] } });
    expect(await redeemResetCodeAction(null, { code: "not a code", password: "short" })).toMatchObject({ ok: false, status: 400, fieldErrors: { code: [expect.stringMatching(/^A reset code is sbr_/)], password: ["Use at least 12 characters."] } });

    const redirected = await redeemResetCodeAction(null, { code: created.data.code, password: "a brand new long password" }).catch((e: { digest?: string }) => e.digest);
    expect(redirected).toBe("NEXT_REDIRECT;replace;/sign-in?password=reset;307;");
    expect(await signInLocal(db, created.data.email, "a brand new long password")).toEqual({ ok: true, userId: org.users.member });
  });
});
