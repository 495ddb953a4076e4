import { parse } from "dotenv";
import { setupIntegration } from "@/lib/integrations/service";
import { buildEnvExample, encodeVariable, exportEnv, serializeEnv } from "@/lib/env-export";
import { variableNamesSummary } from "@/lib/env-export/example";
import { envDownload, envExampleDownload } from "@/lib/env-export/download";
import { getProvider } from "@/lib/providers";
import { createNango } from "@/lib/oauth/nango";
import { oauthAccessTokenWith } from "@/lib/oauth/token";
import { startNangoFake } from "../fakes/nango-fake";
import { apiWorld, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nq0+/AbC=\n-----END PRIVATE KEY-----\n";
const CORPUS: Record<string, string> = {
  plain: "sk-proj-abc123",
  empty: "",
  hash: "abc#def # not a comment",
  dollars: "$HOME ${PATH} $(whoami) `id`",
  backslashes: "C:\\new\\table\\r\\n\\\\",
  trailingBackslash: "ends with \\",
  single: "it's",
  double: 'say "hi"',
  backtick: "run `this`",
  twoQuoteKinds: `it's "quoted"`,
  wrappedInQuotes: "'already quoted'",
  wrappedInDouble: '"already quoted"',
  spaces: "  padded both sides  ",
  equals: "a=b=c",
  unicode: "pässwörd ✓ 鍵",
  multiline: "line one\nline two\n",
  crlf: "windows\r\nline\r\n",
  lineLooksLikeVariable: "first\nEVIL=injected\n# comment",
  gcpJson: JSON.stringify({ type: "service_account", project_id: "p", private_key: PEM, client_email: "sa@p.iam.gserviceaccount.com" }, null, 2),
  jsonWithApostrophe: JSON.stringify({ name: "Bob's key", private_key: PEM }, null, 2),
  allQuotesOneLine: `a'b"c\`d`,
  apostropheAndNewline: "it's\nthere",
  apostropheBacktickNewline: "it's `x`\nthere",
};

describe(".env values read back exactly through dotenv", () => {
  it.each(Object.entries(CORPUS))("%s", (name, value) => {
    const encoded = encodeVariable("VALUE", value);
    expect(encoded.ok).toBe(true);
    const line = encoded.ok ? encoded.line : "";
    expect(parse(line)).toEqual({ VALUE: value });
    expect(parse(line, { fast: true })).toEqual({ VALUE: value });
    expect(name).toBeTruthy();
  });

  it("reads back a whole file of the corpus, with comments between", () => {
    const names = Object.keys(CORPUS).map((k) => k.toUpperCase());
    const file = serializeEnv(["header # with a hash", "second\nline of header"], [
      { comments: ["group one"], variables: names.slice(0, 10).map((n, i) => ({ name: n, value: Object.values(CORPUS)[i] })) },
      { comments: ["group two\nEVIL=1"], variables: names.slice(10).map((n, i) => ({ name: n, value: Object.values(CORPUS)[i + 10] })) },
    ]);
    expect(file.refused).toEqual([]);
    const expected = Object.fromEntries(names.map((n, i) => [n, Object.values(CORPUS)[i]]));
    expect(parse(file.text)).toEqual(expected);
    expect(parse(file.text, { fast: true })).toEqual(expected);
  });

  it("refuses, with a reason, a value no quoting can hold, and writes the rest", () => {
    // dotenv has no escape for a quote inside quotes: with all three kinds, only an unquoted
    // one-line value can work, and a # or a line break rules that out too.
    const impossible = `it's "all" \`three\` # and\na line break`;
    expect(encodeVariable("X", impossible)).toEqual({ ok: false, reason: expect.stringMatching(/single, double and back quotes together with line breaks and a #/) });
    expect(encodeVariable("X", `it's "a" \`b\`\\n\nsecond`)).toEqual({ ok: false, reason: expect.stringMatching(/line breaks and a backslash before n or r/) });
    expect(encodeVariable("X", `'a" \`b # c'`)).toEqual({ ok: false, reason: expect.stringMatching(/together with a #;/) });
    const file = serializeEnv([], [{ comments: [], variables: [{ name: "BAD", value: impossible }, { name: "GOOD", value: "fine" }, { name: "GOOD", value: "again" }] }]);
    expect(file.refused.map((r) => r.name)).toEqual(["BAD", "GOOD"]);
    expect(parse(file.text)).toEqual({ GOOD: "fine" });
    expect(file.text).toContain("# BAD was not exported:");
    expect(file.text).not.toContain('"all"');
  });
});

describe(".env.example", () => {
  it("comments every variable with what it is and where to get it, with no values", () => {
    const text = buildEnvExample("acme", [getProvider("openai")!, getProvider("gcp")!]);
    expect(parse(text)).toEqual({ OPENAI_API_KEY: "", GOOGLE_APPLICATION_CREDENTIALS_JSON: "" });
    expect(text).toContain("# OpenAI: API key. Read by the official OpenAI SDKs.\n# Get it at https://platform.openai.com/api-keys\nOPENAI_API_KEY=\n");
    expect(text).toContain(`# Get it at ${getProvider("gcp")!.keysUrl}`);
  });
  it("counts the Export page's variable names by provider, which is how they are exported, not by credential", () => {
    // 3 credentials, 4 names: Gemini's one key goes under GEMINI_API_KEY and GOOGLE_API_KEY.
    const shown = [getProvider("openai")!, getProvider("anthropic")!, getProvider("gemini")!];
    const names = shown.flatMap((p) => p.env.map((e) => e.name));
    expect(variableNamesSummary(names.length, shown.length, false)).toBe("4 variable names from 3 providers");
    // 3 credentials, 1 name: two OpenAI keys export only the default one.
    expect(variableNamesSummary(1, 1, false)).toBe("1 variable name from 1 provider");
    expect(variableNamesSummary(90, 60, true)).toBe("No credentials yet, so the .env.example lists the catalog's 90 variable names");
  });
  it("sends Stripe's webhook signing secret to the webhooks page, where Stripe shows it, not to the API keys", () => {
    const text = buildEnvExample("acme", [getProvider("stripe")!]);
    expect(text).toContain("# Get it at https://dashboard.stripe.com/apikeys\nSTRIPE_SECRET_KEY=\n");
    expect(text).toContain("# Get it at https://dashboard.stripe.com/webhooks\nSTRIPE_WEBHOOK_SECRET=\n");
  });
});

describe.each(dbKinds)(".env export from the vault on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  const actor = () => ({ userId: world.a.users.admin, ip: "203.0.113.5", userAgent: "jest" });
  const store = (name: string, key: string) =>
    setupIntegration(world.deps, actor(), { orgId: world.a.orgId, provider: getProvider("openai")!, name, credential: { apiKey: key }, skipValidation: true });

  beforeAll(async () => {
    world = await apiWorld(kind, "export");
    await store("default", openaiKey("first"));
    await store("second", openaiKey("second"));
    await world.db.query(`insert into integrations (org_id, provider, name, status) values ($1, 'anthropic', 'default', 'VALID')`, [world.b.orgId]);
  });
  afterAll(() => world.close());

  it("writes the default credential of each provider under its env names and audits one export", async () => {
    const file = await exportEnv(world.deps, actor(), { orgId: world.a.orgId, slug: world.a.slug, via: "download" });
    expect(parse(file.text)).toEqual({ OPENAI_API_KEY: openaiKey("first") });
    expect(file.credentials).toEqual([{ provider: "openai", name: "default", fingerprint: expect.stringContaining(openaiKey("first").slice(-4)) }]);
    const { rows } = await world.db.query<{ actor_user_id: string; ip: string; outcome: string; metadata: Record<string, string> }>(
      `select actor_user_id, ip, outcome, metadata from audit_events where org_id = $1 and action = 'integration.export'`, [world.a.orgId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: world.a.users.admin, ip: "203.0.113.5", outcome: "exported", metadata: { via: "download", variables: "OPENAI_API_KEY" } });
    expect(rows[0].metadata.credentials).toMatch(/^openai\/default\//);
    expect(JSON.stringify(rows)).not.toContain(openaiKey("first"));
  });

  it("skips a provider with no sealed secret (an OAuth connection) rather than failing", async () => {
    const file = await exportEnv(world.deps, actor(), { orgId: world.b.orgId, slug: world.b.slug, via: "api" });
    expect(parse(file.text)).toEqual({});
  });

  it("serves the download to admins only, as an uncached attachment, and .env.example to members", async () => {
    const res = await envDownload(world.deps, world.a.users.admin, world.a.slug, actor());
    expect(res.status).toBe(200);
    // A name the browser keeps: Chromium drops a leading dot, so ".env" would arrive as "env".
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${world.a.slug}.env"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(parse(await res.text())).toEqual({ OPENAI_API_KEY: openaiKey("first") });
    expect((await envDownload(world.deps, world.a.users.member, world.a.slug, actor())).status).toBe(403);
    expect((await envDownload(world.deps, null, world.a.slug, actor())).status).toBe(401);
    const other = await envDownload(world.deps, world.b.users.owner, world.a.slug, actor());
    const missing = await envDownload(world.deps, world.b.users.owner, "no-such-org", actor());
    expect([other.status, await other.text()]).toEqual([missing.status, await missing.text()]);
    const example = await envExampleDownload(world.db, world.a.users.member, world.a.slug);
    expect(example.headers.get("content-disposition")).toBe(`attachment; filename="${world.a.slug}.env.example"`);
    expect(parse(await example.text())).toEqual({ OPENAI_API_KEY: "" });
  });
});

describe.each(dbKinds)(".env export of OAuth connections on %s", (kind) => {
  it("writes the token Nango holds now under the provider's token variables, and explains one it cannot get", async () => {
    const world = await apiWorld(kind, "oauth-export");
    const fake = await startNangoFake();
    try {
      const nango = createNango({ NANGO_SECRET_KEY: fake.secretKey, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.nango.dev" })!;
      const connectionId = fake.addConnection({ integration: "github", endUser: { id: world.a.users.admin, email: "a@example.test", organizationId: world.a.orgId } });
      await world.db.query(
        `insert into integrations (org_id, provider, name, status, auth_type, nango_integration, nango_connection_id)
         values ($1, 'github', 'default', 'VALID', 'oauth', 'github', $2)`,
        [world.a.orgId, connectionId],
      );
      const deps = { ...world.deps, oauthToken: (orgId: string, id: string) => oauthAccessTokenWith({ db: world.db, nango }, orgId, id) };
      const actor = { userId: world.a.users.admin };
      const token = fake.connections.get(connectionId)!.accessToken;
      const file = await exportEnv(deps, actor, { orgId: world.a.orgId, slug: world.a.slug, via: "api" });
      expect(parse(file.text)).toEqual({ GITHUB_TOKEN: token, GH_TOKEN: token });

      fake.connections.get(connectionId)!.refreshError = "invalid_grant";
      const broken = await exportEnv(deps, actor, { orgId: world.a.orgId, slug: world.a.slug, via: "api" });
      expect(parse(broken.text)).toEqual({});
      expect(broken.text).toMatch(/GitHub: OAuth connection "default" left out: .*reconnect/);
    } finally {
      await fake.close();
      await world.close();
    }
  });
});
