import { createApiKeyAction } from "@/actions/api-keys/create-api-key";
import { revokeApiKeyAction } from "@/actions/api-keys/revoke-api-key";
import { signInAction } from "@/actions/auth/sign-in";
import { openPortalAction } from "@/actions/billing/open-portal";
import { startCheckoutAction } from "@/actions/billing/start-checkout";
import { signUpAction } from "@/actions/auth/sign-up";
import { deleteIntegrationAction } from "@/actions/integrations/delete-integration";
import { dismissNotificationAction } from "@/actions/integrations/dismiss-notification";
import { renameIntegrationAction } from "@/actions/integrations/rename-integration";
import { revalidateIntegrationAction } from "@/actions/integrations/revalidate-integration";
import { setDefaultIntegrationAction } from "@/actions/integrations/set-default-integration";
import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { acceptInviteAction } from "@/actions/members/accept-invite";
import { createInviteAction } from "@/actions/members/create-invite";
import { removeMemberAction } from "@/actions/members/remove-member";
import { changeMemberRoleAction } from "@/actions/members/change-member-role";
import { revokeInviteAction } from "@/actions/members/revoke-invite";
import { createConnectSessionAction } from "@/actions/oauth/create-connect-session";
import { disconnectOAuthAction } from "@/actions/oauth/disconnect-oauth";
import { getConnectionStatusAction } from "@/actions/oauth/get-connection-status";
import { createOrgAction } from "@/actions/orgs/create-org";
import { envHandler } from "@/lib/api/env";
import { getIntegrationHandler, listIntegrationsHandler } from "@/lib/api/integrations-read";
import { deleteIntegrationHandler, setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import type { ApiHandler } from "@/lib/api/context";
import { parseCredential, parseOpenedCredential } from "@/lib/integrations/credential";
import { slugSchema } from "@/lib/orgs/slug";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import { credentialNameSchema } from "@/lib/zod/integrations";
import { hasUnsafeCharacters } from "@/lib/zod/text";
import { apiRequest, apiWorld, makeKey, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

// The actions run as this test's signed-in user against its database; everything else is real.
type World = Awaited<ReturnType<typeof apiWorld>>;
const mockCurrent = { world: undefined as World | undefined, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: null, userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.world!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.world!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
jest.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, delete: () => {}, has: () => false }),
  headers: async () => new Headers({ "user-agent": "jest" }),
}));
jest.mock("next/navigation", () => ({
  redirect: (to: string) => { throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` }); },
}));

/** The hostile strings: control characters, sizes, injections, encodings and unicode oddities. */
const STRINGS: string[] = [
  "", " ", "\u0000", "a\u0000b", "acme\u0000", "\u0007bell", "line\nbreak", "cr\rlf\r\n", "tab\there", "\u001b[31mred\u001b[0m",
  "\u0085next-line", "\u2028sep", "\u202eevil\u202c", "\u2066isolate\u2069", "\ud800lone", "lone\udfff", "\ufeffbom", "zero\u200bwidth",
  "e\u0301".repeat(50), "ＡＢＣ full width", "Ελληνικά", "العربية", "日本語の名前", "emoji \u{1F600}\u{1F469}\u200d\u{1F4BB}", "\u{10FFFF}",
  "a".repeat(81), "b".repeat(10_000), "c".repeat(200_000), " padded ".repeat(20),
  "' OR 1=1 --", "'; drop table users; --", "\" OR \"\"=\"", "1; select pg_sleep(10)", "$$ language sql $$", "\\x00", "\\", "%00", "%0a%0d",
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}", "#{7*7}", "javascript:alert(1)", "data:text/html,<b>x</b>",
  "../../etc/passwd", "..\\..\\windows", "/..//evil.example", "__proto__", "constructor", "prototype", "null", "undefined", "NaN", "-1", "1e309",
  "https://127.0.0.1", "http://169.254.169.254/latest/meta-data/", "https://[::1]", "https://[::ffff:127.0.0.1]", "https://2130706433",
  "https://0x7f000001", "https://localhost", "https://abcdefghijklmnopqrst.supabase.co@127.0.0.1", "https://192.0.2.1", "https://[2001:db8::1]",
  "https://[64:ff9b::a9fe:a9fe]", "https://metadata.google.internal", "libsql://x.turso.io.evil.example", "file:///etc/passwd",
  "gopher://127.0.0.1:25/", "https://100.64.0.1", "https://198.18.0.1", "https://[fd00:ec2::254]",
  openaiKey("hostile") + "\u0000", openaiKey("hostile") + "\n" + openaiKey("two"), `sk-proj-${"A".repeat(900_000)}`,
];
/** Values of the wrong type where a string belongs. */
const WRONG_TYPES: unknown[] = [null, undefined, 0, -1, 1e309, NaN, true, [], ["a", "b"], {}, { toString: "x" }, { __proto__: { admin: true } }];
const ALL: unknown[] = [...STRINGS, ...WRONG_TYPES];

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
/** Bodies that are not the JSON the API expects. */
const BODIES: string[] = [
  "", "{", "}", "{\"credential\":", "[]", "null", "true", "1", "\"text\"", "\ufeff{}", "{\"credential\": \"\u0000\"}", "{'single': 1}",
  deep(10_000), deepObject(5_000), JSON.stringify({ credential: JSON.parse(deepObject(500)) }), "{\"credential\":\"x\",\"credential\":{}}",
  JSON.stringify({ credential: { apiKey: ["a"] } }), JSON.stringify({ credential: 12 }), JSON.stringify({ credential: openaiKey("a"), skip_validation: "yes" }),
  JSON.stringify({ credential: openaiKey("a"), metadata: { "k\u0000": "v" } }), JSON.stringify({ credential: openaiKey("a"), metadata: { k: "v\u0000" } }),
  JSON.stringify({ credential: openaiKey("a"), metadata: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])) }),
  JSON.stringify({ credential: openaiKey("a"), metadata: { nested: { deeper: [1, 2] } } }), JSON.stringify({ credential: openaiKey("a"), __proto__: { x: 1 } }),
  "x".repeat(70 * 1024),
];

type Result = { ok: boolean; status?: number };
const UUID = "00000000-0000-4000-8000-000000000000";

describe.each(dbKinds)("hostile input on %s", (kind) => {
  let world: World;
  let key: string;
  const statuses = new Map<number, number>();
  // Every 5xx or throw, collected so one failure does not hide the rest (or what they stored).
  const failures: string[] = [];
  const seen = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  /** Calls an action as a browser would reach it; a thrown error (other than a redirect) is what a 500 would be. */
  async function act(action: (prev: unknown, payload: Record<string, unknown>) => Promise<Result>, payload: Record<string, unknown>) {
    let result: Result;
    try {
      result = await action(null, payload);
    } catch (err) {
      if (String((err as { digest?: unknown }).digest).startsWith("NEXT_REDIRECT")) return seen(303);
      failures.push(`action threw for ${JSON.stringify(payload).slice(0, 200)}: ${String(err).slice(0, 200)}`);
      return;
    }
    const status = result.ok ? 200 : result.status!;
    seen(status);
    if (status >= 500) failures.push(`action answered ${status} for ${JSON.stringify(payload).slice(0, 200)}`);
  }

  async function call(handler: ApiHandler, method: string, url: string, params: { orgSlug: string; provider?: string }, opts: { body?: string; json?: unknown } = {}) {
    let req: Request;
    try {
      req = apiRequest(method, url, { key, ...opts });
    } catch {
      return; // a URL no HTTP client could send
    }
    const res = await handler(req, params, world.deps);
    seen(res.status);
    const text = await res.text();
    if (res.status >= 500) return void failures.push(`${method} ${url.slice(0, 100)} answered ${res.status}: ${text.slice(0, 200)}`);
    if (res.status >= 400) expect(JSON.parse(text)).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  }

  beforeAll(async () => {
    world = mockCurrent.world = await apiWorld(kind, "hostile");
    mockCurrent.user = { id: world.a.users.owner, email: "owner@example.test" };
    key = (await makeKey(world.db, world.a, ["read", "write", "export"])).key;
    world.fake.keys.set(openaiKey("good"), "valid");
  }, 120_000);
  afterAll(() => world.close());

  it("the UI actions answer every hostile value with a 4xx, never a 5xx", async () => {
    const slug = world.a.slug;
    for (const v of ALL) {
      await act(createOrgAction as never, { name: v, slug: v });
      await act(createOrgAction as never, { name: v, slug: `ok-${STRINGS.indexOf(v as string)}-x` });
      await act(createApiKeyAction as never, { orgSlug: slug, name: v, "scope.read": "on", expiresInDays: "30" });
      await act(createApiKeyAction as never, { orgSlug: v, name: "fine", "scope.read": v, expiresInDays: v });
      await act(revokeApiKeyAction as never, { orgSlug: v, keyId: v });
      await act(createInviteAction as never, { orgSlug: slug, note: v, role: "member" });
      await act(createInviteAction as never, { orgSlug: v, note: "Ada", role: v });
      await act(revokeInviteAction as never, { orgSlug: slug, inviteId: v });
      await act(removeMemberAction as never, { orgSlug: v, userId: v });
      await act(changeMemberRoleAction as never, { orgSlug: v, userId: v, role: v });
      await act(changeMemberRoleAction as never, { orgSlug: slug, userId: v, role: "admin" });
      await act(acceptInviteAction as never, { code: v });
      await act(setupIntegrationAction as never, { orgSlug: slug, provider: "openai", name: v, "field.apiKey": openaiKey("good"), skipValidation: "on" });
      await act(setupIntegrationAction as never, { orgSlug: slug, provider: "openai", name: "hostile", "field.apiKey": v, skipValidation: "on" });
      await act(setupIntegrationAction as never, { orgSlug: slug, provider: "supabase", name: "hostile", "field.projectUrl": v, "field.publishableKey": v, "field.secretKey": v });
      await act(setupIntegrationAction as never, { orgSlug: slug, provider: v, name: "x", skipValidation: v });
      await act(renameIntegrationAction as never, { orgSlug: slug, provider: "openai", integrationId: UUID, name: v });
      for (const a of [deleteIntegrationAction, setDefaultIntegrationAction, revalidateIntegrationAction]) await act(a as never, { orgSlug: slug, provider: v, integrationId: v });
      await act(dismissNotificationAction as never, { orgSlug: slug, notificationId: v });
      await act(createConnectSessionAction as never, { orgSlug: slug, provider: v, name: v });
      await act(disconnectOAuthAction as never, { orgSlug: v, integrationId: v });
      await act(getConnectionStatusAction as never, { orgSlug: slug, connectionId: v, since: v });
      await act(startCheckoutAction as never, { orgSlug: v, plan: v });
      await act(openPortalAction as never, { orgSlug: v });
    }
    // Sign-in and sign-up hash passwords on purpose slowly: a smaller share of the corpus.
    for (const v of ALL.filter((_, i) => i % 6 === 0)) {
      await act(signUpAction as never, { email: v, password: v });
      await act(signInAction as never, { email: v, password: "correct horse battery staple", next: v });
    }
    await act(signUpAction as never, { email: "hostile-\u0000@example.test", password: "correct horse battery staple" });
    expect(failures).toEqual([]);
    expect(statuses.get(400)).toBeGreaterThan(100);
  }, 300_000);

  it("the REST API answers every hostile body, name and path with a 4xx in its error shape, never a 5xx", async () => {
    const slug = world.a.slug;
    const base = `/api/v1/integrations/${slug}`;
    for (const body of BODIES) {
      await call(setupIntegrationHandler, "POST", `${base}/openai/setup`, { orgSlug: slug, provider: "openai" }, { body });
      await call(setupIntegrationHandler, "POST", `${base}/gcp/setup`, { orgSlug: slug, provider: "gcp" }, { body });
      await call(validateIntegrationHandler, "POST", `${base}/openai/validate`, { orgSlug: slug, provider: "openai" }, { body });
    }
    for (const v of ALL) {
      await call(setupIntegrationHandler, "POST", `${base}/openai/setup`, { orgSlug: slug, provider: "openai" }, { json: { credential: v, skip_validation: true } });
      await call(setupIntegrationHandler, "POST", `${base}/openai/setup`, { orgSlug: slug, provider: "openai" }, { json: { credential: openaiKey("good"), credential_name: v, skip_validation: true } });
      await call(setupIntegrationHandler, "POST", `${base}/openai/setup`, { orgSlug: slug, provider: "openai" }, { json: { credential: openaiKey("good"), metadata: { note: v }, skip_validation: true } });
      await call(setupIntegrationHandler, "POST", `${base}/turso/setup`, { orgSlug: slug, provider: "turso" }, { json: { credential: { databaseUrl: v, authToken: v } } });
      await call(setupIntegrationHandler, "POST", `${base}/supabase/setup`, { orgSlug: slug, provider: "supabase" }, { json: { credential: { projectUrl: v, publishableKey: v, secretKey: v } } });
      if (typeof v !== "string" || v.length > 2000) continue;
      // A lone surrogate has no UTF-8 form, so no client can put it in a URL.
      const q = v.isWellFormed() ? encodeURIComponent(v) : "%ED%A0%80";
      await call(getIntegrationHandler, "GET", `${base}/openai?name=${q}`, { orgSlug: slug, provider: "openai" });
      await call(deleteIntegrationHandler, "DELETE", `${base}/openai?name=${q}`, { orgSlug: slug, provider: "openai" });
      await call(validateIntegrationHandler, "POST", `${base}/openai/validate?name=${q}`, { orgSlug: slug, provider: "openai" }, { json: { credential_name: v } });
      await call(getIntegrationHandler, "GET", `${base}/${q}`, { orgSlug: slug, provider: v });
      await call(listIntegrationsHandler, "GET", `/api/v1/integrations/${q}`, { orgSlug: v });
      await call(envHandler, "GET", `/api/v1/env/${q}`, { orgSlug: v });
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("stored nothing that fails the format checks, and still works for ordinary input", async () => {
    const { db } = world;
    const orgs = await db.query<{ name: string; slug: string }>(`select name, slug from organizations`);
    for (const o of orgs.rows) {
      expect([o.name, hasUnsafeCharacters(o.name) || o.name.length > 80 || o.name.trim() !== o.name]).toEqual([o.name, false]);
      expect([o.slug, slugSchema.safeParse(o.slug).success]).toEqual([o.slug, true]);
    }
    const texts = await db.query<{ text: string }>(
      `select name as text from api_keys union all select note from invitations union all select name from integrations
       union all select metadata::text from audit_events union all select coalesce(check_reason, '') from integrations`);
    for (const { text } of texts.rows) expect([text.slice(0, 80), hasUnsafeCharacters(text, true) || text.length > 10_000]).toEqual([text.slice(0, 80), false]);
    const keys = await db.query<{ name: string }>(`select name from api_keys`);
    for (const { name } of keys.rows) expect(name.length).toBeLessThanOrEqual(80);
    const integrations = await db.query<{ id: string; org_id: string; provider: string; name: string }>(`select id, org_id, provider, name from integrations`);
    for (const row of integrations.rows) {
      expect([row.name, credentialNameSchema.safeParse(row.name).success]).toEqual([row.name, true]);
      const ref = { orgId: row.org_id, integrationId: row.id, provider: row.provider };
      const stored = parseOpenedCredential(await world.deps.vault.open(db, ref, (await readSecret(db, ref))!));
      expect(parseCredential(getProvider(row.provider)!, stored)).toMatchObject({ ok: true });
    }

    // Healthy afterwards: an ordinary action and an ordinary API call still succeed.
    statuses.clear();
    await act(createInviteAction as never, { orgSlug: world.a.slug, note: "Ada Lovelace", role: "member" });
    // In the other org: the corpus used up org a's allowance of provider checks, as it should.
    key = (await makeKey(world.db, world.b, ["write"])).key;
    await call(setupIntegrationHandler, "POST", `/api/v1/integrations/${world.b.slug}/openai/setup`, { orgSlug: world.b.slug, provider: "openai" }, { json: { credential: openaiKey("good"), credential_name: "after-the-storm" } });
    expect([...statuses.keys()]).toEqual([200]);
  });
});
