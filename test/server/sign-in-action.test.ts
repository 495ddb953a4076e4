import { AsyncLocalStorage } from "node:async_hooks";
import { signInAction } from "@/actions/auth/sign-in";
import { signUpAction } from "@/actions/auth/sign-up";
import { ADDRESS_BUDGETS, takeAddressAttempt } from "@/lib/auth/address-limit";
import { MAX_FAILURES, signUpLocal } from "@/lib/auth/local";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";

// The actions run against this test's database and client address (one per call when run inside
// mockAddress.run); everything else is real.
const mockCurrent = { db: undefined as Db | undefined, ip: "198.51.100.1" };
const mockAddress = new AsyncLocalStorage<string>();
jest.mock("@/lib/auth/current-user", () => ({
  requestActor: async (userId: string | null) => ({ userId, ip: mockAddress.getStore() ?? mockCurrent.ip, userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("next/headers", () => ({ cookies: async () => ({ set() {}, get() {}, delete() {} }) }));
// Traces written after the answer: collected, and awaited after each test.
const mockLater: (() => Promise<unknown>)[] = [];
jest.mock("next/server", () => ({ after: (task: () => Promise<unknown>) => { mockLater.push(task); } }));
afterEach(async () => { await Promise.all(mockLater.splice(0).map((task) => task())); });
jest.mock("next/navigation", () => ({
  redirect: (to: string) => { throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` }); },
}));

type Outcome = { redirect: string } | { status: number; error: string; fieldErrors?: Record<string, string[]> };
async function run(action: typeof signInAction, fields: Record<string, string>): Promise<Outcome> {
  try {
    const result = await action(null, fields);
    if (result.ok) throw new Error("expected a redirect or a failure");
    return { status: result.status, error: result.error, fieldErrors: result.fieldErrors };
  } catch (err) {
    const digest = (err as { digest?: string }).digest;
    if (!digest?.startsWith("NEXT_REDIRECT")) throw err;
    return { redirect: digest.split(";")[2] };
  }
}
const signIn = (fields: Record<string, string>) => run(signInAction, fields);
const statuses = (outcomes: Outcome[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts["redirect" in o ? "signed-in" : String(o.status)] = (counts["redirect" in o ? "signed-in" : String(o.status)] ?? 0) + 1;
  return counts;
};

// Every evaluated attempt is a real scrypt hash, slow on a busy machine.
jest.setTimeout(120_000);

let address = 0;
/** A client address of its own, so one test's attempts do not use up another's budget. */
const freshAddress = () => (mockCurrent.ip = `198.51.100.${++address}`);

describe.each(dbKinds)("the sign-in and sign-up actions on %s", (kind) => {
  let db: Db;
  const password = "correct horse battery staple";
  beforeAll(async () => {
    db = mockCurrent.db = await freshDb(kind);
    await signUpLocal(db, "ada@example.test", password);
  });
  afterAll(() => db.close());
  beforeEach(freshAddress);

  it("sends a hostile return path home instead, and keeps a plain one", async () => {
    for (const next of ["/..//evil.example/login", "/.//evil.example/x", "/%2e%2e//evil.example", "/\\evil.example", "//evil.example", "https://evil.example/"]) {
      expect(await signIn({ email: "ada@example.test", password, next })).toEqual({ redirect: "/" });
    }
    expect(await signIn({ email: "ada@example.test", password, next: "/acme/integrations?tab=keys" })).toEqual({ redirect: "/acme/integrations?tab=keys" });
  });

  it(`evaluates at most ${MAX_FAILURES} of 60 parallel guesses on one account, the right password last among them`, async () => {
    await signUpLocal(db, "grace@example.test", password);
    // From 60 addresses, so only the account's own limit applies.
    const guesses = Array.from({ length: 60 }, (_, i) => ({ ip: `203.0.113.${i + 1}`, password: i === 59 ? password : `wrong password ${i}` }));
    const outcomes = await Promise.all(guesses.map((g) => mockAddress.run(g.ip, () => signIn({ email: "grace@example.test", password: g.password }))));
    const counts = statuses(outcomes);
    // 401: a wrong password was evaluated; 429: refused before any password was looked at.
    expect(counts["401"]).toBe(MAX_FAILURES);
    expect((counts["signed-in"] ?? 0) + counts["401"] + counts["429"]).toBe(60);
    expect(counts["signed-in"] ?? 0).toBeLessThanOrEqual(1);
    const locked = outcomes.find((o) => "status" in o && o.status === 429) as { error: string };
    expect(locked.error).toMatch(/^Too many failed attempts for this account\. Try again in 1[45] minutes\.$/);
    // Still locked, for the right password too (unless it came early enough to take a slot itself,
    // which gave the slot back).
    if (!counts["signed-in"]) expect(await signIn({ email: "grace@example.test", password })).toMatchObject({ status: 429 });
  });

  it("does not reset the count when the right password arrives among wrong ones", async () => {
    await signUpLocal(db, "linus@example.test", password);
    for (let i = 0; i < MAX_FAILURES - 2; i++) expect(await signIn({ email: "linus@example.test", password: "wrong" })).toMatchObject({ status: 401 });
    expect(await signIn({ email: "linus@example.test", password })).toEqual({ redirect: "/" });
    // The owner's success handed no fresh budget on: of 10 more guesses, only the 2 left are evaluated.
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => signIn({ email: "linus@example.test", password: "wrong" })));
    expect(statuses(outcomes)).toEqual({ 401: 2, 429: 8 });
  });

  // Each evaluated attempt costs a real password hash: the address's budget is used up to its last
  // three slots first, then 50 arrive at once for them.
  const useUpAllButThree = async (kind: keyof typeof ADDRESS_BUDGETS) => {
    for (let i = 0; i < ADDRESS_BUDGETS[kind].limit - 3; i++) expect((await takeAddressAttempt(db, kind, mockCurrent.ip)).ok).toBe(true);
  };

  it("limits sign-in attempts per client address, over many accounts, with 50 at once", async () => {
    await useUpAllButThree("sign-in");
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn({ email: `nobody-${i}@example.test`, password: "wrong password" })));
    expect(statuses(outcomes)).toEqual({ 401: 3, 429: 47 });
    const refused = outcomes.find((o) => "status" in o && o.status === 429) as { error: string };
    expect(refused.error).toMatch(/^Too many sign-in attempts from your network\. Try again in (10|9) minutes\.$/);
    // Another address is not affected.
    freshAddress();
    expect(await signIn({ email: "ada@example.test", password })).toEqual({ redirect: "/" });
  });

  it("sends a new account where it was going (an invite's join page), never off this site, and words a too-long address", async () => {
    expect(await run(signUpAction, { email: `joiner-${kind}@example.test`, password, next: "/orgs/join" })).toEqual({ redirect: "/orgs/join" });
    expect(await run(signUpAction, { email: `stray-${kind}@example.test`, password, next: "//evil.example/" })).toEqual({ redirect: "/orgs/new" });
    // An org page the new account is not a member of would only say "Nothing here".
    expect(await run(signUpAction, { email: `orgless-${kind}@example.test`, password, next: "/acme/integrations" })).toEqual({ redirect: "/orgs/new" });
    expect(await run(signUpAction, { email: `${"a".repeat(250)}@example.test`, password }))
      .toMatchObject({ status: 400, fieldErrors: { email: ["An email address has at most 254 characters."] } });
  });

  it("limits sign-ups per client address, with 50 at once", async () => {
    await useUpAllButThree("sign-up");
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => run(signUpAction, { email: `new-${kind}-${i}@example.test`, password })));
    expect(statuses(outcomes)).toEqual({ "signed-in": 3, 429: 47 });
    const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from users where email like $1`, [`new-${kind}-%`]);
    expect(rows[0].n).toBe(3);
    const refused = outcomes.find((o) => "status" in o && o.status === 429) as { error: string };
    expect(refused.error).toMatch(/^Too many accounts were asked for from your network just now\. Try again in (60|59) minutes\.$/);
  });

  it("answers a taken address without saying it is taken", async () => {
    const outcome = await run(signUpAction, { email: "ADA@example.test", password: "a different long password" });
    expect(outcome).toEqual({ status: 400, error: "The account could not be created. If you already have one, sign in instead.", fieldErrors: undefined });
    expect(JSON.stringify(outcome)).not.toMatch(/exist|registered|taken/i);
    // Nothing changed: the old password still works.
    expect(await signIn({ email: "ada@example.test", password })).toEqual({ redirect: "/" });
  });
});
