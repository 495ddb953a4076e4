import { parse } from "dotenv";
import { envHandler } from "@/lib/api/env";
import type { ApiDeps } from "@/lib/api/context";
import { exportEnv } from "@/lib/env-export";
import { envDownload } from "@/lib/env-export/download";
import { CREDENTIAL_UNREADABLE, listOpenNotifications } from "@/lib/integrations/notifications";
import { listIntegrations } from "@/lib/integrations/queries";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { createKmsKek } from "@/lib/vault/kms-kek";
import { createVault } from "@/lib/vault/vault";
import { startKmsFake, type KmsFake } from "../fakes/kms-fake";
import { apiRequest, apiWorld, makeKey, openaiKey, type Org } from "../helpers/api";
import { dbKinds } from "../helpers/db";

const ANTHROPIC = `sk-ant-api03-${"Qw3r".repeat(23)}-${"Ty".repeat(4)}AA`;

describe.each(dbKinds)("an export with a credential that cannot be opened on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let key: string;
  const actor = (org: Org) => ({ userId: org.users.admin });
  const store = (deps: ApiDeps, org: Org, provider: string, credential: Record<string, string>) =>
    setupIntegration(deps, actor(org), { orgId: org.orgId, provider: getProvider(provider)!, name: "default", credential, skipValidation: true });
  const idOf = async (org: Org, provider: string) => (await listIntegrations(world.db, org.orgId)).find((r) => r.provider === provider && r.isDefault)!.id;
  const flipCiphertext = async (integrationId: string) =>
    world.db.query(`update integration_secrets set ciphertext = decode(translate(encode(ciphertext, 'hex'), '0123456789abcdef', '123456789abcdef0'), 'hex') where integration_id = $1`, [integrationId]);
  const exportEvents = async (org: Org) =>
    (await world.db.query<{ outcome: string; metadata: Record<string, string | null> }>(
      `select outcome, metadata from audit_events where org_id = $1 and action = 'integration.export' order by id`, [org.orgId])).rows;
  const unreadable = async (org: Org) => (await listOpenNotifications(world.db, org.orgId)).filter((n) => n.kind === CREDENTIAL_UNREADABLE);

  beforeAll(async () => {
    world = await apiWorld(kind, "broken");
    await store(world.deps, world.a, "openai", { apiKey: openaiKey("broken") });
    await store(world.deps, world.a, "anthropic", { apiKey: ANTHROPIC });
    key = (await makeKey(world.db, world.a, ["export"])).key;
    await flipCiphertext(await idOf(world.a, "openai"));
  });
  afterAll(() => world.close());

  it("exports the rest, leaves that one out with a comment naming it and its variables, and notifies once", async () => {
    const file = await exportEnv(world.deps, actor(world.a), { orgId: world.a.orgId, slug: world.a.slug, via: "download" });
    expect(parse(file.text)).toEqual({ ANTHROPIC_API_KEY: ANTHROPIC });
    expect(file.text).toMatch(/# OpenAI: credential "default" \(.+\) left out: Switchboard could not decrypt it/);
    expect(file.text).toMatch(/# Not set here: OPENAI_API_KEY\. Replace the key in Switchboard/);
    expect(file.omitted).toEqual([{ provider: "openai", name: "default", reason: "unreadable", variables: ["OPENAI_API_KEY"] }]);
    expect(file.omittedVariables).toEqual(["OPENAI_API_KEY"]);
    expect(file.text).not.toContain(openaiKey("broken"));

    const openId = await idOf(world.a, "openai");
    expect((await unreadable(world.a)).map((n) => [n.integrationId, n.message])).toEqual([[openId, expect.stringContaining("OPENAI_API_KEY")]]);
    await exportEnv(world.deps, actor(world.a), { orgId: world.a.orgId, slug: world.a.slug, via: "download" });
    expect(await unreadable(world.a)).toHaveLength(1);
    expect((await exportEvents(world.a)).at(-1)).toMatchObject({ outcome: "partial", metadata: { omitted: "openai/default/unreadable", variables: "ANTHROPIC_API_KEY" } });
  });

  it("answers the API export 200 with the omitted variables in X-Switchboard-Omitted, and the download 200", async () => {
    const res = await envHandler(apiRequest("GET", `/api/v1/env/${world.a.slug}`, { key }), { orgSlug: world.a.slug }, world.deps);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-omitted")).toBe("OPENAI_API_KEY");
    expect(res.headers.get("x-switchboard-variables")).toBe("1");
    expect(parse(await res.text())).toEqual({ ANTHROPIC_API_KEY: ANTHROPIC });
    const download = await envDownload(world.deps, world.a.users.admin, world.a.slug, actor(world.a));
    expect(download.status).toBe(200);
    expect(parse(await download.text())).toEqual({ ANTHROPIC_API_KEY: ANTHROPIC });
  });

  it("closes the notification when the key is replaced, and exports it again", async () => {
    await store(world.deps, world.a, "openai", { apiKey: openaiKey("fixed") });
    expect(await unreadable(world.a)).toEqual([]);
    const res = await envHandler(apiRequest("GET", `/api/v1/env/${world.a.slug}`, { key }), { orgSlug: world.a.slug }, world.deps);
    expect(res.headers.get("x-switchboard-omitted")).toBeNull();
    expect(parse(await res.text())).toEqual({ ANTHROPIC_API_KEY: ANTHROPIC, OPENAI_API_KEY: openaiKey("fixed") });
  });

  it("treats an org key that does not unwrap as broken credentials, not as an outage", async () => {
    const org = world.b;
    await store(world.deps, org, "openai", { apiKey: openaiKey("orgkey") });
    await world.db.query(`update org_keys set wrapped_key = decode(translate(encode(wrapped_key, 'hex'), '0123456789abcdef', '123456789abcdef0'), 'hex') where org_id = $1`, [org.orgId]);
    // A vault with a cold cache, as after a restart: the org key must be unwrapped again.
    const deps = { ...world.deps, vault: createVault({ kek: world.kek, cacheTtlMs: 0 }) };
    const orgKey = (await makeKey(world.db, org, ["export"])).key;
    const res = await envHandler(apiRequest("GET", `/api/v1/env/${org.slug}`, { key: orgKey }), { orgSlug: org.slug }, deps);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-switchboard-omitted")).toBe("OPENAI_API_KEY");
    expect(await unreadable(org)).toHaveLength(1);
  });
});

describe.each(dbKinds)("an export while the key service is unreachable on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let kms: KmsFake;
  beforeAll(async () => {
    [world, kms] = await Promise.all([apiWorld(kind, "kms-down"), startKmsFake(["key-a"])]);
  });
  afterAll(async () => {
    await Promise.all([world.close(), kms.close()]);
  });
  const kmsConfig = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" }, maxAttempts: 1 });

  it("answers 503 key_service_unavailable and exports, audits and notifies nothing; a tampered wrapped key under KMS is a broken credential", async () => {
    const up = { ...world.deps, vault: createVault({ kek: createKmsKek("key-a", kmsConfig(kms.url)), cacheTtlMs: 0 }) };
    await setupIntegration(up, { userId: world.a.users.admin }, { orgId: world.a.orgId, provider: getProvider("openai")!, name: "default", credential: { apiKey: openaiKey("kms") }, skipValidation: true });
    const key = (await makeKey(world.db, world.a, ["export"])).key;
    const call = (deps: ApiDeps) => envHandler(apiRequest("GET", `/api/v1/env/${world.a.slug}`, { key }), { orgSlug: world.a.slug }, deps);
    expect(parse(await (await call(up)).text())).toEqual({ OPENAI_API_KEY: openaiKey("kms") });
    const events = async () => (await world.db.query(`select 1 from audit_events where org_id = $1 and action = 'integration.export'`, [world.a.orgId])).rows.length;
    const before = await events();

    const down = { ...world.deps, vault: createVault({ kek: createKmsKek("key-a", kmsConfig("http://127.0.0.1:9")), cacheTtlMs: 0 }) };
    const res = await call(down);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({ error: { code: "key_service_unavailable", message: expect.stringContaining("nothing was exported") } });
    const download = await envDownload(down, world.a.users.admin, world.a.slug, { userId: world.a.users.admin });
    expect(download.status).toBe(503);
    expect(await download.text()).toMatch(/could not reach its key service/);
    expect(await events()).toBe(before);
    expect(await listOpenNotifications(world.db, world.a.orgId)).toEqual([]);

    // KMS reachable but refusing the bytes (InvalidCiphertextException): the data is bad, the rest exports.
    await world.db.query(`update org_keys set wrapped_key = set_byte(wrapped_key, length(wrapped_key) - 1, get_byte(wrapped_key, length(wrapped_key) - 1) # 1) where org_id = $1`, [world.a.orgId]);
    const tampered = await call(up);
    expect(tampered.status).toBe(200);
    expect(tampered.headers.get("x-switchboard-omitted")).toBe("OPENAI_API_KEY");
  });
});
