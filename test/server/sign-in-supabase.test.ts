import { signInAction } from "@/actions/auth/sign-in";
import { MAX_FAILURES } from "@/lib/auth/local";
import type { Db } from "@/lib/db/types";
import { parseEnv, type Env } from "@/lib/env-schema";
import { startSupabaseAuthFake, type SupabaseAuthFake } from "../fakes/supabase-auth-fake";
import { dbKinds, freshDb } from "../helpers/db";

// Supabase Auth mode against the loopback GoTrue: the action, supabase-js and the attempt limits
// are real; the database, client address and cookie jar are this test's.
const mockCurrent = { db: undefined as Db | undefined, env: parseEnv({}) as Env, ip: "198.51.100.200" };
jest.mock("@/lib/env", () => ({ get env() { return mockCurrent.env; } }));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("@/lib/auth/current-user", () => ({
  requestActor: async (userId: string | null) => ({ userId, ip: mockCurrent.ip, userAgent: "jest" }),
}));
jest.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => [], set() {}, get() {}, delete() {} }) }));
jest.mock("next/server", () => ({ after: (task: () => Promise<unknown>) => void task() }));
jest.mock("next/navigation", () => ({
  redirect: (to: string) => { throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` }); },
}));

async function signIn(email: string, password: string): Promise<number | "signed-in"> {
  try {
    const result = await signInAction(null, { email, password });
    if (result.ok) throw new Error("expected a redirect or a failure");
    return result.status;
  } catch (err) {
    if ((err as { digest?: string }).digest?.startsWith("NEXT_REDIRECT")) return "signed-in";
    throw err;
  }
}

let auth: SupabaseAuthFake;
beforeAll(async () => {
  auth = await startSupabaseAuthFake();
  mockCurrent.env = parseEnv({
    NEXT_PUBLIC_SUPABASE_URL: auth.url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: auth.publishableKey,
    APP_URL: "http://127.0.0.1:3000", DATABASE_URL: "postgres://postgres@127.0.0.1:5432/unused",
  });
});
afterAll(() => auth.close());

describe.each(dbKinds)("sign-in with Supabase Auth on %s", (kind) => {
  let db: Db;
  let n = 0;
  const password = "correct horse battery staple";
  const newAccount = async () => {
    const email = `gotrue-${kind}-${n++}@example.test`;
    const res = await fetch(`${auth.url}/auth/v1/signup`, {
      method: "POST", headers: { "content-type": "application/json", apikey: auth.publishableKey }, body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    return email;
  };
  beforeAll(async () => {
    db = mockCurrent.db = await freshDb(kind);
  });
  afterAll(() => db.close());
  afterEach(() => {
    auth.signInFailure = null;
    mockCurrent.ip = `198.51.100.${200 + n}`;
  });

  it.each([503, 500, 429])("answers 503 when GoTrue answers %i, and such answers never lock the account", async (status) => {
    const email = await newAccount();
    auth.signInFailure = status;
    for (let i = 0; i < MAX_FAILURES + 2; i++) expect(await signIn(email, password)).toBe(503);
    auth.signInFailure = null;
    expect(await signIn(email, password)).toBe("signed-in");
  });

  it("still counts wrong passwords, and locks after the limit", async () => {
    const email = await newAccount();
    for (let i = 0; i < MAX_FAILURES; i++) expect(await signIn(email, "wrong password here")).toBe(401);
    expect(await signIn(email, password)).toBe(429);
  });
});
