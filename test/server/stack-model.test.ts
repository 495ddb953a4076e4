import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { analyzeStack, type StackDeps } from "@/lib/stack/analyze";
import { setStackModelEnabled } from "@/lib/stack/settings";
import type { StackAnalysis } from "@/lib/stack/types";
import { startModelFake, type ModelFake } from "../fakes/model-fake";
import { apiWorld, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

const ANTHROPIC = `sk-ant-api03-${"Q7w-E9r_T1".repeat(9)}abcAA`;
const TEXT = "A recipe site: people pay for a premium plan with Stripe, and we post new recipes to our Firebase feed and a Discord server.";
const ids = (r: StackAnalysis) => r.groups.flatMap((g) => g.integrations.map((i) => i.provider));
const find = (r: StackAnalysis, id: string) => r.groups.flatMap((g) => g.integrations).find((i) => i.provider === id);

describe.each(dbKinds)("the stack analyzer's model pass on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let model: ModelFake;
  let deps: StackDeps;
  const actor = () => ({ userId: world.a.users.member, ip: "203.0.113.4", userAgent: "jest" });
  const audits = async (orgId: string) =>
    (await world.db.query<{ outcome: string; provider: string; metadata: Record<string, unknown> }>(
      `select outcome, provider, metadata from audit_events where org_id = $1 and action = 'stack.analyze_model' order by id`, [orgId])).rows;

  beforeAll(async () => {
    world = await apiWorld(kind, "stackmodel");
    model = await startModelFake();
    // Credentials are checked against the provider fake; the model call goes to the model fake through the same override.
    world.fake.keys.set(openaiKey("stack"), "valid");
    world.fake.keys.set(ANTHROPIC, "valid");
    const stored = await setupIntegration(world.deps, { userId: world.a.users.admin }, { orgId: world.a.orgId, provider: getProvider("openai")!, name: "default", credential: { apiKey: openaiKey("stack") }, skipValidation: false });
    expect(stored).toMatchObject({ kind: "stored", status: "VALID" });
    const storedB = await setupIntegration(world.deps, { userId: world.b.users.admin }, { orgId: world.b.orgId, provider: getProvider("anthropic")!, name: "default", credential: { apiKey: ANTHROPIC }, skipValidation: false });
    expect(storedB).toMatchObject({ kind: "stored", status: "VALID" });
    deps = { db: world.db, vault: world.deps.vault, context: (id) => validationContext({ providerBaseUrls: { [id]: model.url }, PROVIDER_TIMEOUT_MS: 2000 }, id), modelTimeoutMs: 2000 };
  });
  afterAll(async () => {
    await model.close();
    await world.close();
  });

  it("is off by default: no model call, the deterministic result alone", async () => {
    const before = model.requests.length;
    const r = await analyzeStack(deps, actor(), world.a.orgId, TEXT);
    expect(model.requests.length).toBe(before);
    expect(r.model).toEqual({ used: false, provider: null });
    expect(ids(r)).toEqual(["stripe"]);
    expect(find(r, "stripe")?.status).toBe("NOT_CONFIGURED");
    expect(find(r, "openai")).toBeUndefined();
  });

  it("merges a valid answer: adds what the model found, keeps the deterministic reasons, reports ids outside the catalog", async () => {
    await setStackModelEnabled(world.db, world.a.orgId, true);
    model.behaviour = { reply: JSON.stringify({
      integrations: [
        { provider: "stripe", required: true, confidence: 0.9, reason: "Premium plan.", evidence: ["premium plan"] },
        { provider: "google", required: false, confidence: 0.95, reason: "Firebase is a Google service.", evidence: ["Firebase feed", "words it made up"] },
        { provider: "discord", required: true, confidence: 0.8, reason: "Posts to a Discord server.", evidence: ["Discord server"] },
      ],
      not_in_catalog: [{ name: "Firebase", reason: "Realtime feed." }],
    }) };
    const r = await analyzeStack(deps, actor(), world.a.orgId, TEXT);
    expect(r.model).toEqual({ used: true, provider: "openai" });
    expect(ids(r)).toEqual(["stripe", "google"]);
    const stripe = find(r, "stripe")!;
    expect(stripe.sources).toEqual(["deterministic", "model"]);
    expect(stripe.reason).toMatch(/^Names "Stripe"/);
    const google = find(r, "google")!;
    expect(google).toMatchObject({ sources: ["model"], required: false, confidence: 0.8, triggers: ["Firebase feed"], status: "NOT_CONFIGURED" });
    expect(r.notInCatalog.map((n) => n.name)).toEqual(["Firebase", "discord"]);

    const call = model.requests.at(-1)!;
    expect(call.path).toBe("/v1/chat/completions");
    expect(call.headers.authorization).toBe(`Bearer ${openaiKey("stack")}`);
    const schema = JSON.stringify((call.body.response_format as { json_schema: unknown }).json_schema);
    expect(schema).toContain('"enum":["openai","anthropic"');
    expect((await audits(world.a.orgId)).at(-1)).toMatchObject({ outcome: "answered", provider: "openai", metadata: { proposals: 2 } });
    expect(JSON.stringify(await audits(world.a.orgId))).not.toContain(openaiKey("stack"));
  });

  it("falls back to the deterministic result with a note on malformed JSON, a wrong shape or an error", async () => {
    for (const [behaviour, outcome] of [
      [{ reply: "Sure! Here are the integrations: Stripe" }, "malformed"],
      [{ reply: JSON.stringify({ integrations: [{ provider: "stripe", required: "yes" }] }) }, "malformed"],
      [{ status: 529 }, "failed"],
    ] as const) {
      model.behaviour = behaviour;
      const r = await analyzeStack(deps, actor(), world.a.orgId, TEXT);
      expect(r.model.used).toBe(false);
      expect(ids(r)).toEqual(["stripe"]);
      expect(find(r, "stripe")?.sources).toEqual(["deterministic"]);
      expect(r.notes.join(" ")).toMatch(/model's answer could not be used .*deterministic pass/);
      expect(r.notes.join(" ")).not.toContain(openaiKey("stack"));
      expect((await audits(world.a.orgId)).at(-1)?.outcome).toBe(outcome);
    }
  });

  it("sends the model names, never values: a pasted .env's keys and key-like words in prose stay here", async () => {
    await setStackModelEnabled(world.db, world.a.orgId, true);
    model.behaviour = { reply: JSON.stringify({ integrations: [], not_in_catalog: [] }) };
    const pasted = `# payments\nSTRIPE_SECRET_KEY=sk_live_${"Zq9".repeat(12)}\nexport OPENAI_API_KEY="${openaiKey("leak")}"\nThe old token ghp_${"a1B2".repeat(9)} still works.`;
    const before = model.requests.length;
    await analyzeStack(deps, actor(), world.a.orgId, pasted);
    const sent = JSON.stringify(model.requests.slice(before).map((r) => r.body));
    expect(model.requests.length).toBe(before + 1);
    expect(sent).toContain("STRIPE_SECRET_KEY");
    expect(sent).toContain("OPENAI_API_KEY");
    for (const value of [`sk_live_${"Zq9".repeat(12)}`, openaiKey("leak"), `ghp_${"a1B2".repeat(9)}`]) expect(sent).not.toContain(value);
  });

  it("falls back when the model does not answer in time", async () => {
    model.behaviour = { hang: true };
    const r = await analyzeStack({ ...deps, modelTimeoutMs: 200 }, actor(), world.a.orgId, TEXT);
    expect(r.model.used).toBe(false);
    expect(ids(r)).toEqual(["stripe"]);
    expect(r.notes.join(" ")).toMatch(/did not answer within/);
    expect((await audits(world.a.orgId)).at(-1)?.outcome).toBe("timeout");
  });

  it("uses an Anthropic key through the Messages API when the org has no OpenAI key, and accepts a fenced JSON reply", async () => {
    await setStackModelEnabled(world.db, world.b.orgId, true);
    model.behaviour = { reply: "```json\n" + JSON.stringify({ integrations: [{ provider: "resend", required: true, confidence: 0.7, reason: "Sends email.", evidence: ["newsletter"] }], not_in_catalog: [] }) + "\n```" };
    const r = await analyzeStack(deps, { userId: world.b.users.member }, world.b.orgId, "A weekly cooking newsletter.");
    expect(r.model).toEqual({ used: true, provider: "anthropic" });
    expect(model.requests.at(-1)).toMatchObject({ path: "/v1/messages", headers: { "x-api-key": ANTHROPIC } });
    expect(find(r, "resend")).toMatchObject({ sources: ["deterministic", "model"] });
  });

  it("says so when it is on but the org has no valid model key, and counts model calls against the check limit", async () => {
    const none = { ...deps };
    await world.db.query(`update integrations set status = 'INVALID' where org_id = $1`, [world.b.orgId]);
    const r = await analyzeStack(none, { userId: world.b.users.member }, world.b.orgId, "Stripe checkout.");
    expect(r.notes.join(" ")).toMatch(/no valid OpenAI or Anthropic key/);
    await world.db.query(`update integrations set status = 'VALID' where org_id = $1`, [world.b.orgId]);

    model.behaviour = { reply: JSON.stringify({ integrations: [], not_in_catalog: [] }) };
    // The admin's one check so far is the Anthropic key's save: a limit of 2 leaves one model call.
    const limited = { ...deps, checkLimits: { perPerson: 2, perOrg: 100, windowMinutes: 10 } };
    const user = { userId: world.b.users.admin };
    const first = await analyzeStack(limited, user, world.b.orgId, "Stripe checkout.");
    const second = await analyzeStack(limited, user, world.b.orgId, "Stripe checkout.");
    expect([first.model.used, second.model.used]).toEqual([true, false]);
    expect(second.notes.join(" ")).toMatch(/model pass was skipped/);
    expect(ids(second)).toEqual(["stripe"]);
  });
});
