import { generateKeyPairSync } from "node:crypto";
import { getIntegrationHandler, listIntegrationsHandler } from "@/lib/api/integrations-read";
import { deleteIntegrationHandler, setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import { parseSetupBody } from "@/lib/api/setup-body";
import type { ProviderDefinition } from "@/lib/providers/types";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { createOrgApiKey } from "@/lib/api/manage-keys";
import { addMember } from "@/lib/orgs/queries";
import { apiRequest, apiWorld, makeKey, openaiKey } from "../helpers/api";
import { makeUser } from "../helpers/fixtures";
import { dbKinds } from "../helpers/db";

type Body = Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string[]> } };
const EMAIL = "api@acme-prod.iam.gserviceaccount.com";
const serviceAccount = {
  type: "service_account", project_id: "acme-prod", private_key_id: "0123456789abcdef0123456789abcdef0123beef", client_email: EMAIL,
  private_key: generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey,
};

describe("the setup body", () => {
  const field = (name: string, optional = false) => ({ name, label: name, kind: "secret" as const, optional, schema: getProvider("openai")!.fields[0].schema });
  const twoFields = { ...getProvider("openai")!, name: "Pairy", fields: [field("accountSid"), field("authToken", true)] } as ProviderDefinition;
  const message = (r: ReturnType<typeof parseSetupBody>) => (r.ok ? null : r.response.clone().json().then((b: Body) => b.error?.message));

  it("maps an object of fields for a multi-field provider, and says which fields a string cannot fill", async () => {
    expect(parseSetupBody(twoFields, { credential: { accountSid: "a", authToken: "b" } })).toMatchObject({ ok: true, body: { credential: { accountSid: "a", authToken: "b" }, name: "default", skipValidation: false } });
    expect(await message(parseSetupBody(twoFields, { credential: "x" }))).toBe("Pairy takes several fields: send credential as an object with accountSid, authToken.");
    expect(await message(parseSetupBody(twoFields, { credential: { accountSid: 1 } }))).toBe("credential.accountSid must be a string.");
    expect(await message(parseSetupBody({ ...twoFields, fields: [] }, { credential: "x" }))).toMatch(/connects by OAuth only/);
  });

  it("takes clear_fields naming only fields a blank would keep", async () => {
    const stripe = getProvider("stripe")!;
    const credential = { publishableKey: "pk", secretKey: "sk" };
    expect(parseSetupBody(stripe, { credential })).toMatchObject({ ok: true, body: { clearFields: [] } });
    expect(parseSetupBody(stripe, { credential, clear_fields: ["webhookSecret"] })).toMatchObject({ ok: true, body: { clearFields: ["webhookSecret"] } });
    expect(await message(parseSetupBody(stripe, { credential, clear_fields: ["secretKey"] })))
      .toBe(`clear_fields: "secretKey" is not a field Stripe keeps when left blank (webhookSecret).`);
    expect(await message(parseSetupBody(stripe, { credential, clear_fields: "webhookSecret" }))).toBe("Check the highlighted fields.");
  });
});

describe.each(dbKinds)("REST API v1 integrations on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let key: string;
  let prefix: string;
  const secrets: string[] = [];
  const send = async (method: string, path: string, handler: typeof setupIntegrationHandler, provider?: string, opts: { json?: unknown; body?: string } = {}, deps = world.deps) => {
    const res = await handler(apiRequest(method, `/api/v1/integrations/${world.a.slug}${path}`, { key, ip: "198.51.100.7", ...opts }), { orgSlug: world.a.slug, provider }, deps);
    const text = await res.text();
    for (const s of secrets) expect(text).not.toContain(s);
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as Body };
  };
  const setup = (provider: string, json: unknown, deps = world.deps) => send("POST", `/${provider}/setup`, setupIntegrationHandler, provider, { json }, deps);
  const rows = () => listIntegrations(world.db, world.a.orgId);

  beforeAll(async () => {
    world = await apiWorld(kind, "rest");
    ({ key, prefix } = await makeKey(world.db, world.a, ["read", "write"]));
    for (const tag of ["good", "prod", "down"]) secrets.push(openaiKey(tag));
    secrets.push(serviceAccount.private_key.split("\n")[1]);
    world.fake.keys.set(openaiKey("good"), "valid").set(openaiKey("prod"), "valid").set(openaiKey("down"), "outage").set(JSON.stringify(serviceAccount), "valid");
  });
  afterAll(() => world.close());

  it("sets up a credential like the setup page: validated, stored VALID, audited with the key as actor", async () => {
    const res = await setup("openai", { credential: openaiKey("good"), credential_name: "default", metadata: { environment: "production" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, provider: "OPENAI", credential_name: "default", validation_status: "VALID", outcome: "valid", message: "Integration configured successfully." });
    expect(res.body.credential_id).toBe((await rows())[0].id);
    const { rows: audit } = await world.db.query<{ actor_user_id: string | null; ip: string; metadata: Record<string, unknown> }>(
      `select actor_user_id, ip, metadata from audit_events where org_id = $1 and action = 'integration.store'`, [world.a.orgId]);
    // The request claims X-Forwarded-For 198.51.100.7, but no proxy is trusted and no socket stands behind it.
    expect(audit).toEqual([{ actor_user_id: null, ip: null, metadata: expect.objectContaining({ api_key: prefix, name: "default" }) }]);
    expect(res.body.replaced).toBe(false);
  });

  it("says when a setup under a taken name replaced that credential's key", async () => {
    expect(await setup("openai", { credential: openaiKey("good"), credential_name: "twice" })).toMatchObject({ status: 200, body: { replaced: false } });
    expect(await setup("openai", { credential: openaiKey("prod"), credential_name: "twice" })).toMatchObject({ status: 200, body: { replaced: true, credential_name: "twice" } });
    // Gone again (its secret with it), so the listings and audit counts below see only their own.
    await world.db.query(`delete from integrations where org_id = $1 and name = 'twice'`, [world.a.orgId]);
  });

  it("accepts a service-account key file as a string or as the JSON object itself", async () => {
    expect(await setup("gcp", { credential: serviceAccount, credential_name: "as-object" })).toMatchObject({ status: 200, body: { validation_status: "VALID", account: EMAIL } });
    expect(await setup("GCP", { credential: JSON.stringify(serviceAccount, null, 2), credential_name: "as-text" })).toMatchObject({ status: 200, body: { provider: "GCP" } });
  });

  it("answers bad JSON and bad fields with 400 and the provider's sentences, before any provider call", async () => {
    const calls = world.fake.requests.length;
    const raw = (body: string) => send("POST", "/openai/setup", setupIntegrationHandler, "openai", { body });
    expect(await raw("{not json")).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await raw("[1,2]")).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect((await setup("openai", {})).body.error?.fields?.credential).toBeDefined();
    expect((await setup("openai", { credential: 42 })).body.error).toMatchObject({ code: "invalid_request", fields: { credential: [expect.stringMatching(/string, or an object/)] } });
    expect((await setup("openai", { credential: openaiKey("good"), credential_name: "no/slashes" })).body.error?.fields?.credential_name).toEqual(["Use letters, digits, spaces, underscores, dots, dashes and round brackets."]);
    expect((await setup("openai", { credential: openaiKey("good"), skip_validation: "yes" })).status).toBe(400);
    expect((await setup("openai", { credential: { apiKey: openaiKey("good"), org: "x" } })).body.error?.message).toMatch(/Unknown credential field "org"/);
    const format = getProvider("openai")!.fields[0].schema.safeParse("hello");
    const bad = await setup("openai", { credential: "hello" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_credential", fields: { "credential.apiKey": [format.error!.issues[0].message] } } } });
    expect(world.fake.requests.length).toBe(calls);
  });

  it("stores nothing when the provider rejects the key (422) or cannot be reached (503), unless told to skip validation", async () => {
    const before = (await rows()).length;
    const rejected = await setup("openai", { credential: openaiKey("nope"), credential_name: "x" });
    expect(rejected).toMatchObject({ status: 422, body: { error: { code: "credential_rejected", validation_status: "INVALID", outcome: "invalid" } } });
    // Said once: the provider's reason already names the rejection.
    expect(rejected.body.error?.message).toMatch(/^OpenAI rejected the key\. .* Nothing was stored\.$/);
    expect(rejected.body.error?.message.match(/rejected/g)).toHaveLength(1);
    const down = await setup("openai", { credential: openaiKey("down"), credential_name: "later" });
    expect(down).toMatchObject({ status: 503, body: { error: { code: "validation_unavailable", outcome: "provider_outage" } } });
    expect((await rows()).length).toBe(before);
    expect(await setup("openai", { credential: openaiKey("down"), credential_name: "later", skip_validation: true })).toMatchObject({ status: 200, body: { validation_status: "PENDING" } });
  });

  it("answers 404 unknown_provider for a provider outside the catalog", async () => {
    expect(await setup("nosuch", { credential: "x" })).toMatchObject({ status: 404, body: { error: { code: "unknown_provider" } } });
  });

  it("lists every provider with the CloudAct shape, and gets one with its named credentials", async () => {
    await setup("openai", { credential: openaiKey("prod"), credential_name: "prod" });
    const list = await send("GET", "", listIntegrationsHandler);
    expect(list.status).toBe(200);
    const integrations = list.body.integrations as Record<string, Record<string, unknown>>;
    expect(integrations.OPENAI).toMatchObject({ provider: "OPENAI", status: "VALID", credential_name: "default" });
    expect(integrations.ANTHROPIC).toMatchObject({ provider: "ANTHROPIC", status: "NOT_CONFIGURED", credentials: [] });
    expect(list.body).toMatchObject({ org_slug: world.a.slug, all_valid: false, providers_configured: ["GCP", "OPENAI"] });
    const one = await send("GET", "/openai", getIntegrationHandler, "OpenAI");
    expect((one.body.credentials as { credential_name: string; status: string }[]).map((c) => [c.credential_name, c.status]))
      .toEqual([["default", "VALID"], ["later", "PENDING"], ["prod", "VALID"]]);
  });

  it("re-validates the default or a named credential, as Re-validate does", async () => {
    expect(await send("POST", "/openai/validate", validateIntegrationHandler, "openai")).toMatchObject({ status: 200, body: { success: true, credential_name: "default", validation_status: "VALID" } });
    world.fake.keys.set(openaiKey("prod"), "invalid");
    // Names ignore letter case (the index on lower(name)), so ?name= does too.
    const res = await send("POST", "/openai/validate?name=PROD", validateIntegrationHandler, "openai");
    expect(res).toMatchObject({ status: 200, body: { credential_name: "prod", validation_status: "INVALID", outcome: "invalid" } });
    expect(await send("POST", "/openai/validate?name=nope", validateIntegrationHandler, "openai")).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("deletes a named credential and then answers 404 for it", async () => {
    expect(await send("DELETE", "/openai?name=prod", deleteIntegrationHandler, "openai")).toMatchObject({ status: 200, body: { success: true, credential_name: "prod" } });
    expect((await rows()).some((r) => r.name === "prod")).toBe(false);
    expect((await send("DELETE", "/openai?name=prod", deleteIntegrationHandler, "openai")).status).toBe(404);
    const { rows: audit } = await world.db.query(`select 1 from audit_events where action = 'integration.delete' and metadata ->> 'api_key' = $1`, [prefix]);
    expect(audit).toHaveLength(1);
  });

  it("limits provider checks and saves without verifying per key creator (429 validation_rate_limited)", async () => {
    // A person who has checked nothing yet, so the budget of 2 is theirs alone.
    const creator = await makeUser(world.db, "rest-limit");
    await addMember(world.db, world.a.orgId, creator, "admin");
    const { key: fresh } = await createOrgApiKey(world.db, { userId: creator }, { orgId: world.a.orgId, name: "limited", scopes: ["write"], createdBy: creator, expiresAt: null });
    const deps = { ...world.deps, checkLimits: { perPerson: 2, perOrg: 1000, windowMinutes: 10 } };
    const post = (json: unknown) => setupIntegrationHandler(apiRequest("POST", "/x", { key: fresh, json }), { orgSlug: world.a.slug, provider: "openai" }, deps);
    expect((await post({ credential: openaiKey("nope"), credential_name: "r1" })).status).toBe(422);
    expect((await post({ credential: openaiKey("later"), credential_name: "r2", skip_validation: true })).status).toBe(200);
    const calls = world.fake.requests.length;
    const res = await post({ credential: openaiKey("good"), credential_name: "r3" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: "validation_rate_limited", message: expect.stringMatching(/^The person who created this API key has checked 2 keys/) } });
    expect(world.fake.requests.length).toBe(calls);
    expect((await post({ credential: openaiKey("good"), credential_name: "r4", skip_validation: true })).status).toBe(429);
  });

  it("answers an unexpected failure with 500 internal_error and a reference, never the cause", async () => {
    const broken = { ...world.deps, db: { ...world.deps.db, query: async () => { throw new Error(`boom ${openaiKey("good")}`); } } };
    const spy = jest.spyOn(console, "error").mockImplementation(() => {});
    const res = await setup("openai", { credential: openaiKey("good") }, broken);
    expect(res).toMatchObject({ status: 500, body: { error: { code: "internal_error", message: expect.stringMatching(/reference [0-9a-f]{8}/) } } });
    spy.mockRestore();
  });

  // Last: the Stripe credential it adds would show in the listings above.
  it("names the fields clear_fields removed in the audit event, never their values", async () => {
    const keys = { publishableKey: `pk_test_api${"51Hf".repeat(8)}`, secretKey: `sk_test_api${"51Hx".repeat(8)}` };
    const whsec = `whsec_${"cd34".repeat(8)}`;
    secrets.push(whsec);
    expect(await setup("stripe", { credential: { ...keys, webhookSecret: whsec }, credential_name: "cleared", skip_validation: true })).toMatchObject({ status: 200 });
    expect(await setup("stripe", { credential: keys, credential_name: "cleared", skip_validation: true, clear_fields: ["webhookSecret"] })).toMatchObject({ status: 200 });
    const { rows: audit } = await world.db.query<{ metadata: Record<string, unknown> }>(
      `select metadata from audit_events where org_id = $1 and action = 'integration.store' and metadata ->> 'name' = 'cleared' order by id`, [world.a.orgId]);
    expect(audit.map((a) => a.metadata.cleared)).toEqual([undefined, "webhookSecret"]);
    expect(JSON.stringify(audit)).not.toContain(whsec);
  });
});
