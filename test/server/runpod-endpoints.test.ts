import { claimDue, stepDeployment } from "@/lib/deployments/worker";
import { getDeployment } from "@/lib/deployments/queries";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { createRunpodEndpoint, deleteRunpodEndpoint, type NewEndpoint, type RunpodDeps } from "@/lib/runpod/endpoints";
import { createGpuCache } from "@/lib/runpod/gpu-cache";
import { UNHEALTHY_READS } from "@/lib/runpod/follower";
import { READY_SCRIPT, startRunpodFake, summary, type RunpodFake } from "../fakes/runpod-fake";
import { apiWorld, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

const KEY = `rpa_${"E5N1D2P0".repeat(5)}ints`;
const READ_ONLY = `rpa_${"R3AD0NLY".repeat(5)}only`;
const HF_TOKEN = `hf_${"TokenValue9".repeat(3)}x`;
const STEP = { leaseSeconds: 30, stepMs: 5000 };

describe.each(dbKinds)("RunPod endpoints from the vault on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let rp: RunpodFake;
  let deps: RunpodDeps;
  let ids: Record<string, string>;
  const actor = () => ({ userId: world.a.users.admin, ip: "203.0.113.9", userAgent: "jest" });
  const store = async (orgId: string, provider: string, name: string, credential: Record<string, string>) => {
    const r = await setupIntegration(world.deps, actor(), { orgId, provider: getProvider(provider)!, name, credential, skipValidation: true });
    if (r.kind !== "stored") throw new Error(`fixture ${provider} not stored: ${r.kind}`);
    return r.integrationId;
  };
  let serial = 0;
  const input = (over: Partial<NewEndpoint> = {}): NewEndpoint => ({
    orgId: world.a.orgId, name: `whisper-${++serial}`, source: { image: "runpod/worker-whisper:1.0" }, gpuTypeId: "NVIDIA GeForce RTX 4090",
    gpuCount: 1, workersMin: 0, workersMax: 2, credentialIds: [ids.openai, ids.hf], ...over,
  });
  const create = (over: Partial<NewEndpoint> = {}) => createRunpodEndpoint(deps, actor(), input(over), createGpuCache());
  const posts = () => rp.requests.filter((r) => r.method === "POST" && r.path === "/v2/serverless");
  /** Follows by steps under one lease, ignoring the poll interval: no timings in the test. */
  async function follow(id: string, steps: number) {
    const [claim] = await claimDue(world.db, STEP.leaseSeconds, 1, id);
    const out = [];
    for (let i = 0; i < steps; i++) {
      const o = await stepDeployment(deps, id, claim.holder, STEP);
      out.push(o);
      if (o === "done" || o === "lost") break;
    }
    return out;
  }
  const events = async (id: string) =>
    (await world.db.query<{ seq: number; type: string; state: string | null; level: string; text: string }>(
      `select seq::int, type, state, level, text from deployment_events where deployment_id = $1 order by seq`, [id])).rows;

  beforeAll(async () => {
    world = await apiWorld(kind, "runpod-ep");
    rp = await startRunpodFake({ keys: { [KEY]: "valid", [READ_ONLY]: "forbidden" } });
    deps = { ...world.deps, context: (id) => validationContext({ providerBaseUrls: { [id]: id === "runpod" ? rp.url : world.fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, id) };
    ids = {
      runpod: await store(world.a.orgId, "runpod", "default", { apiKey: KEY }),
      openai: await store(world.a.orgId, "openai", "default", { apiKey: openaiKey("rp") }),
      openai2: await store(world.a.orgId, "openai", "second", { apiKey: openaiKey("rp2") }),
      hf: await store(world.a.orgId, "huggingface", "default", { token: HF_TOKEN }),
      otherOrg: await store(world.b.orgId, "openai", "default", { apiKey: openaiKey("b") }),
    };
  }, 120_000);
  afterAll(async () => { await rp?.close(); await world?.close(); });
  beforeEach(() => { rp.requests.length = 0; rp.failures.length = 0; rp.nextScript = READY_SCRIPT; });

  it("creates the endpoint with env from the vault and the GPU pinned in its pool, recorded as a queued runpod deployment and audited", async () => {
    const r = await create({ name: "whisper-large" });
    if (!r.ok) throw new Error(r.error);
    const [post] = posts();
    const sent = JSON.parse(post.body);
    expect(sent.env).toEqual({ OPENAI_API_KEY: openaiKey("rp"), HF_TOKEN });
    expect(sent.gpu).toEqual({ pools: ["ADA_24"], count: 1, excludedTypes: ["NVIDIA L4"] });
    expect(sent.workers).toEqual({ min: 0, max: 2 });
    expect(post.headers.authorization).toBe(`Bearer ${KEY}`);

    const d = r.value;
    expect(d).toMatchObject({ kind: "runpod", state: "queued", name: "whisper-large", startedBy: world.a.users.admin, integrationId: ids.runpod });
    expect(d.url).toBe(`https://api.runpod.ai/v2/${String(d.providerRef.endpointId)}/run`);
    expect(d.providerRef).toMatchObject({ endpointId: expect.stringMatching(/^ep/), gpuTypeId: "NVIDIA GeForce RTX 4090", pool: "ADA_24", workersMin: 0, workersMax: 2 });
    expect(d.credentials.map((c) => `${c.provider}/${c.name}`)).toEqual(["openai/default", "huggingface/default"]);

    const audit = (await world.db.query<{ outcome: string; metadata: Record<string, string> }>(
      `select outcome, metadata from audit_events where org_id = $1 and action = 'runpod.endpoint_create'`, [world.a.orgId])).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0].outcome).toBe("created");
    expect(audit[0].metadata).toMatchObject({ variables: "OPENAI_API_KEY,HF_TOKEN", gpu: "NVIDIA GeForce RTX 4090", workers: "0-2", endpoint: d.providerRef.endpointId, deployment: d.id });
    expect(audit[0].metadata.credentials).toMatch(/^openai\/default\/.+; huggingface\/default\/.+$/);
    expect(audit[0].metadata.runpodKey).toMatch(/^runpod\/default\//);

    // No value left the vault for anywhere but RunPod's request body.
    const stored = JSON.stringify([(await world.db.query(`select * from deployments`)).rows, (await world.db.query(`select * from deployment_events`)).rows,
      (await world.db.query(`select * from audit_events`)).rows, (await world.db.query(`select * from events`)).rows]);
    for (const secret of [KEY, openaiKey("rp"), HF_TOKEN]) expect(stored).not.toContain(secret);
  });

  it("follows the workers to ready: building while they initialize, ready at the first idle one, as deployment and org events", async () => {
    const r = await create({ name: "to-ready" });
    if (!r.ok) throw new Error(r.error);
    expect(await follow(r.value.id, 10)).toEqual(["wait", "wait", "done"]);
    expect((await events(r.value.id)).map((e) => [e.type, e.state, e.level, e.text])).toEqual([
      ["state", "queued", "info", "Queued (created)."],
      ["log", null, "info", "Workers: 1 initializing."],
      ["state", "building", "info", "Building (initializing)."],
      ["log", null, "info", "Workers: 1 idle."],
      ["state", "ready", "info", "Ready (idle)."],
    ]);
    const d = await getDeployment(world.db, world.a.orgId, r.value.id);
    expect(d).toMatchObject({ state: "ready", providerState: "idle" });
    expect(d!.followedAt).not.toBeNull();
    const org = (await world.db.query<{ data: { deploymentId: string; state: string; previous: string | null } }>(
      `select data from events where org_id = $1 and type = 'deployment.state_changed' order by id`, [world.a.orgId])).rows.map((e) => e.data).filter((e) => e.deploymentId === r.value.id);
    expect(org.map((e) => [e.previous, e.state])).toEqual([[null, "queued"], ["queued", "building"], ["building", "ready"]]);
  });

  it("says throttled and unhealthy as warnings and errors, and fails when every worker keeps failing health checks", async () => {
    rp.nextScript = [summary({ throttled: 1 }), summary({ unhealthy: 1 })];
    const r = await create({ name: "sick" });
    if (!r.ok) throw new Error(r.error);
    const outcomes = await follow(r.value.id, 20);
    expect(outcomes.at(-1)).toBe("done");
    expect(outcomes).toHaveLength(1 + UNHEALTHY_READS);
    const ev = await events(r.value.id);
    expect(ev.filter((e) => e.type === "log").map((e) => [e.level, e.text])).toEqual([["warning", "Workers: 1 throttled."], ["error", "Workers: 1 unhealthy."]]);
    expect(ev.at(-1)).toMatchObject({ type: "state", state: "error", text: expect.stringMatching(/^Failed \(unhealthy\): every worker failed its health checks 5 reads in a row/) });
    expect(await getDeployment(world.db, world.a.orgId, r.value.id)).toMatchObject({ state: "error", error: expect.stringMatching(/health checks/) });
  });

  it("waits exactly as long as a 429's Retry-After before looking again", async () => {
    const r = await create({ name: "limited" });
    if (!r.ok) throw new Error(r.error);
    rp.failures.push({ status: 429, retryAfter: 120, pathPrefix: "/v2/serverless/" });
    expect(await follow(r.value.id, 1)).toEqual(["wait"]);
    const { rows } = await world.db.query<{ wait: number }>(`select extract(epoch from next_step_at - now())::float8 as wait from deployments where id = $1`, [r.value.id]);
    expect(rows[0].wait).toBeGreaterThan(110);
    expect(rows[0].wait).toBeLessThanOrEqual(120);
    expect((await events(r.value.id)).at(-1)).toMatchObject({ level: "warning", text: "RunPod is rate-limiting; next look in 120 s." });
  });

  it("deletes an endpoint still coming up: gone at RunPod, the deployment canceled, audited; twice is harmless", async () => {
    rp.nextScript = [summary({ initializing: 1 })];
    const r = await create({ name: "to-delete" });
    if (!r.ok) throw new Error(r.error);
    await follow(r.value.id, 1);
    const endpointId = String(r.value.providerRef.endpointId);
    expect(await deleteRunpodEndpoint(deps, actor(), world.a.orgId, r.value.id)).toEqual({ ok: true, value: { alreadyGone: false } });
    expect(rp.endpoints.has(endpointId)).toBe(false);
    expect(await getDeployment(world.db, world.a.orgId, r.value.id)).toMatchObject({ state: "canceled", providerState: "deleted" });
    expect((await events(r.value.id)).at(-1)).toMatchObject({ type: "state", state: "canceled", text: "Canceled (deleted): Endpoint deleted at RunPod." });
    expect(await deleteRunpodEndpoint(deps, actor(), world.a.orgId, r.value.id)).toEqual({ ok: true, value: { alreadyGone: true } });
    const audit = (await world.db.query(`select outcome from audit_events where org_id = $1 and action = 'runpod.endpoint_delete'`, [world.a.orgId])).rows;
    expect(audit).toEqual([{ outcome: "deleted" }]);
    // Another org cannot reach it by id.
    expect(await deleteRunpodEndpoint(deps, actor(), world.b.orgId, r.value.id)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses a second live endpoint with the same name, also when two creates race; a deleted one frees its name", async () => {
    const first = await create({ name: "twin" });
    if (!first.ok) throw new Error(first.error);
    rp.requests.length = 0;
    const duplicate = 'This org already has an endpoint named "TWIN"; choose another name or delete that endpoint first.';
    expect(await create({ name: "TWIN" })).toEqual({ ok: false, status: 409, field: "name", error: duplicate });
    expect(posts()).toHaveLength(0);

    // A race, made deterministic: another create of the same name is recorded while this one is at
    // RunPod, after its first check passed. The unique index refuses this one, and its endpoint is
    // deleted again at RunPod.
    const before = rp.endpoints.size;
    rp.beforeNextCreate = async () => {
      await world.db.query(`insert into deployments (org_id, kind, name) values ($1, 'runpod', 'racer')`, [world.a.orgId]);
    };
    const raced = await create({ name: "racer" });
    expect(raced).toMatchObject({ ok: false, status: 409, field: "name", error: expect.stringContaining('already has an endpoint named "racer"') });
    expect(rp.endpoints.size).toBe(before);
    expect(posts()).toHaveLength(1);
    expect(rp.requests.filter((r) => r.method === "DELETE")).toHaveLength(1);
    expect((await world.db.query(`select count(*)::int as n from deployments where org_id = $1 and name = 'racer'`, [world.a.orgId])).rows[0]).toEqual({ n: 1 });
    // And two at once, however they interleave: one recorded, one refused.
    const both = await Promise.all([create({ name: "pair" }), create({ name: "pair" })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, status: 409, field: "name" });
    expect((await world.db.query(`select count(*)::int as n from deployments where org_id = $1 and name = 'pair'`, [world.a.orgId])).rows[0]).toEqual({ n: 1 });

    expect(await deleteRunpodEndpoint(deps, actor(), world.a.orgId, first.value.id)).toMatchObject({ ok: true });
    expect(await create({ name: "twin" })).toMatchObject({ ok: true });
    // The name is the org's: another org may use it.
    await world.db.query(`insert into deployments (org_id, kind, name) values ($1, 'runpod', 'twin')`, [world.b.orgId]);
  });

  it("refuses, before calling RunPod, a pods-only GPU, two credentials setting one variable, and another org's credential", async () => {
    expect(await create({ gpuTypeId: "NVIDIA GeForce RTX 3070" })).toMatchObject({ ok: false, status: 400, field: "gpuTypeId", error: expect.stringMatching(/pods only/) });
    expect(await create({ credentialIds: [ids.openai, ids.openai2] })).toMatchObject({ ok: false, error: 'Both OpenAI "default" and OpenAI "second" set OPENAI_API_KEY; choose one of them.' });
    expect(await create({ credentialIds: [ids.otherOrg] })).toMatchObject({ ok: false, status: 404 });
    expect(posts()).toHaveLength(0);
  });

  it("answers a read-only key's 403 with the permission it lacks, nothing recorded but the refused attempt", async () => {
    const ro = await store(world.a.orgId, "runpod", "read-only", { apiKey: READ_ONLY });
    const makeDefault = async (id: string) => {
      await world.db.query(`update integrations set is_default = false where org_id = $1 and provider = 'runpod'`, [world.a.orgId]);
      await world.db.query(`update integrations set is_default = true where id = $1`, [id]);
    };
    await makeDefault(ro);
    try {
      const before = (await world.db.query(`select count(*)::int as n from deployments`)).rows[0];
      const r = await create({ name: "nope" });
      expect(r).toMatchObject({ ok: false, status: 502, error: expect.stringMatching(/lacks the permission to create the endpoint/) });
      expect((await world.db.query(`select count(*)::int as n from deployments`)).rows[0]).toEqual(before);
      const audit = (await world.db.query<{ metadata: Record<string, unknown> }>(
        `select metadata from audit_events where org_id = $1 and action = 'runpod.endpoint_create' and outcome = 'refused'`, [world.a.orgId])).rows;
      expect(audit[0].metadata).toMatchObject({ httpStatus: 403, variables: "OPENAI_API_KEY,HF_TOKEN" });
    } finally {
      await makeDefault(ids.runpod);
    }
  });

  it("redacts the vault's values when RunPod's refusal quotes the body it was sent", async () => {
    rp.failures.push({ status: 400, method: "POST", pathPrefix: "/v2/serverless", quoteBody: true });
    const r = await create({ name: "quoted" });
    expect(r).toMatchObject({ ok: false, status: 502, error: expect.stringMatching(/RunPod refused to create the endpoint \(HTTP 400\)\. RunPod said: Invalid endpoint: .*"OPENAI_API_KEY":"\[redacted\]"/) });
    const error = JSON.stringify(r);
    expect(error).not.toContain(HF_TOKEN);
    expect(error).not.toContain(openaiKey("rp"));
  });

  it("says to connect RunPod when the org has no RunPod key", async () => {
    expect(await createRunpodEndpoint(deps, actor(), input({ orgId: world.b.orgId, credentialIds: [] }), createGpuCache())).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/Connect RunPod/) });
  });
});
