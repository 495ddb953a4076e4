import { validationContext } from "@/lib/providers/context";
import { runpodApi, RunpodError, type EndpointSpec } from "@/lib/runpod/api";
import { createGpuCache } from "@/lib/runpod/gpu-cache";
import { filterByMemory, sortGpus } from "@/lib/runpod/gpu-table";
import { READY_SCRIPT, startRunpodFake, summary, type RunpodFake } from "../fakes/runpod-fake";

const KEY = `rpa_${"R7Q2M9X4".repeat(5)}v2ok`;
const READ_ONLY = `rpa_${"B3K8P1Z6".repeat(5)}read`;

let fake: RunpodFake;
beforeAll(async () => { fake = await startRunpodFake({ keys: { [KEY]: "valid", [READ_ONLY]: "forbidden" } }); });
afterAll(() => fake.close());
beforeEach(() => { fake.requests.length = 0; fake.failures.length = 0; fake.nextScript = READY_SCRIPT; });

const api = (key = KEY) => runpodApi(validationContext({ providerBaseUrls: { runpod: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, "runpod"), key);
const spec = (over: Partial<EndpointSpec> = {}): EndpointSpec => ({
  name: "whisper", source: { image: "runpod/worker-whisper:1.0" }, env: { OPENAI_API_KEY: "sk-live-short" },
  gpu: { pool: "ADA_24", excludedTypes: ["NVIDIA L4"], count: 1 }, workers: { min: 0, max: 2 }, ...over,
});
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a RunpodError"); }, (e: unknown) => e as RunpodError);

describe("RunPod v2 adapter against the fake", () => {
  it("reads the GPU catalog with serverless availability, by bearer, from the v2 path", async () => {
    const gpus = await api().listGpuTypes();
    expect(gpus).toHaveLength(7);
    expect(gpus.find((g) => g.id === "NVIDIA GeForce RTX 4090")).toEqual({
      id: "NVIDIA GeForce RTX 4090", name: "RTX 4090", pool: "ADA_24", manufacturer: "NVIDIA", memoryGb: 24, availability: "HIGH",
      price: { secure: 0.69, community: 0.34, serverless: 0.31 },
    });
    // Not offered on a cloud: no price there, whatever number the catalog carries.
    expect(gpus.find((g) => g.id.startsWith("NVIDIA H100"))!.price).toEqual({ secure: 2.69, community: null, serverless: 1.05 });
    expect(gpus.find((g) => g.id.endsWith("3070"))!.pool).toBeNull();
    const [req] = fake.requests;
    expect(req.path).toBe("/v2/catalog/gpus?include=AVAILABILITY&product=SERVERLESS");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests.some((r) => r.path.includes(KEY))).toBe(false);
  });

  it("leaves out a catalog row it cannot read, keeping the rest", async () => {
    fake.gpus.push({ id: "broken", name: "no memory" });
    try {
      expect(await api().listGpuTypes()).toHaveLength(7);
    } finally {
      fake.gpus.pop();
    }
  });

  it("lists the account's serverless templates, leaving out pod templates and every template's env", async () => {
    const templates = await api().listTemplates();
    expect(templates).toEqual([
      { id: "tpl-whisper", name: "Whisper large v3", image: "runpod/worker-faster_whisper:stable" },
      { id: "tpl-sdxl", name: "SDXL turbo", image: "runpod/worker-sdxl:stable" },
    ]);
    expect(JSON.stringify(templates)).not.toContain("hf_templatevalue");
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v2/templates" });
    fake.templates.push({ name: "no id" });
    try {
      expect(await api().listTemplates()).toHaveLength(2);
    } finally {
      fake.templates.pop();
    }
  });

  it("counts the endpoints a key sees, and says which key RunPod refused", async () => {
    expect(typeof (await api().countEndpoints())).toBe("number");
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", path: "/v2/serverless" });
    expect(await failure(api("rpa_unknownkey_0123456789abcdef").countEndpoints())).toMatchObject({ kind: "unauthorized", httpStatus: 401 });
  });

  it("creates a queue endpoint with the pool, the exclusions, env and worker limits, and never reads env back", async () => {
    const ep = await api().createEndpoint(spec());
    expect(ep).toEqual({ id: expect.stringMatching(/^ep/), name: "whisper", workers: { min: 0, max: 2 }, url: `https://api.runpod.ai/v2/${ep.id}/run` });
    expect(Object.keys(ep)).not.toContain("env");
    const sent = JSON.parse(fake.requests.at(-1)!.body);
    expect(sent).toEqual({
      name: "whisper", type: "QUEUE", scaling: { type: "QUEUE_DELAY", queueDelay: 4 }, image: "runpod/worker-whisper:1.0",
      env: { OPENAI_API_KEY: "sk-live-short" }, gpu: { pools: ["ADA_24"], count: 1, excludedTypes: ["NVIDIA L4"] }, workers: { min: 0, max: 2 },
    });
  });

  it("creates from a template id without an image", async () => {
    await api().createEndpoint(spec({ source: { templateId: "tpl-sdxl" } }));
    const sent = JSON.parse(fake.requests.at(-1)!.body);
    expect(sent.templateId).toBe("tpl-sdxl");
    expect(sent).not.toHaveProperty("image");
  });

  it("follows workers' states read by read, then deletes; a second delete finds it gone", async () => {
    fake.nextScript = [summary({ initializing: 1 }), summary({ throttled: 1 }), summary({ unhealthy: 1 }), summary({ idle: 1, running: 1 })];
    const { id } = await api().createEndpoint(spec());
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await api().listWorkers(id));
    expect(seen.map((s) => [s.initializing, s.throttled, s.unhealthy, s.idle, s.running, s.total])).toEqual([
      [1, 0, 0, 0, 0, 1], [0, 1, 0, 0, 0, 1], [0, 0, 1, 0, 0, 1], [0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 2],
    ]);
    expect(await api().getEndpoint(id)).toEqual({ id, name: "whisper", workers: { min: 0, max: 2 }, url: `https://api.runpod.ai/v2/${id}/run` });
    expect(await api().deleteEndpoint(id)).toBe(true);
    expect(await api().deleteEndpoint(id)).toBe(false);
    expect((await failure(api().getEndpoint(id))).kind).toBe("not_found");
  });
});

describe("RunPod v2 errors become sentences", () => {
  it("401: the org's key is rejected, replace it", async () => {
    const e = await failure(api("rpa_unknownkeyunknownkey00").listGpuTypes());
    expect(e).toMatchObject({ kind: "unauthorized", httpStatus: 401 });
    expect(e.message).toMatch(/RunPod rejected the org's API key while trying to list GPU types\. Replace the RunPod credential/);
  });

  it("403: a read-only key may read the catalog but not create, and says which permission", async () => {
    expect(await api(READ_ONLY).listGpuTypes()).toHaveLength(7);
    const e = await failure(api(READ_ONLY).createEndpoint(spec()));
    expect(e).toMatchObject({ kind: "forbidden", httpStatus: 403 });
    expect(e.message).toMatch(/lacks the permission to create the endpoint; give the key read and write access to serverless endpoints.*RunPod said: This API key does not have write access/);
  });

  it("429: carries Retry-After in seconds and says when it will try again", async () => {
    fake.failures.push({ status: 429, retryAfter: 17 });
    const e = await failure(api().listGpuTypes());
    expect(e).toMatchObject({ kind: "rate_limited", httpStatus: 429, retryAfterSeconds: 17 });
    expect(e.message).toMatch(/rate-limiting this account.*after 17 s/);
  });

  it("5xx, even as an HTML page: RunPod is having trouble, nothing changed", async () => {
    fake.failures.push({ status: 502, raw: "<html>Bad Gateway</html>" });
    const e = await failure(api().listGpuTypes());
    expect(e).toMatchObject({ kind: "outage", httpStatus: 502 });
    expect(e.message).toMatch(/having trouble right now \(HTTP 502\).*Nothing was changed/);
  });

  it("a validation error quotes RunPod's reasons but never an env value it echoes", async () => {
    const secret = "sk-live-short";
    const e = await failure(api().createEndpoint(spec({ gpu: { pool: "ADA_24", excludedTypes: [secret], count: 1 }, env: { OPENAI_API_KEY: secret } })));
    expect(e.kind).toBe("rejected");
    expect(e.message).toMatch(/RunPod refused to create the endpoint \(HTTP 400\)\. RunPod said: The request body is invalid\. gpu\.excludedTypes: \[redacted\] is not a GPU type/);
    expect(e.message).not.toContain(secret);
  });

  it("a server that cannot be reached is said so", async () => {
    const dead = runpodApi(validationContext({ providerBaseUrls: { runpod: "http://127.0.0.1:9" }, PROVIDER_TIMEOUT_MS: 2000 }, "runpod"), KEY);
    expect(await failure(dead.listGpuTypes())).toMatchObject({ kind: "unreachable", message: expect.stringMatching(/could not be reached/) });
  });
});

describe("GPU catalog cache", () => {
  it("calls RunPod once per 60 s per key, shares concurrent reads, and keys by org and credential", async () => {
    let t = 1_000_000;
    const cache = createGpuCache(() => t);
    const load = () => api().listGpuTypes();
    const [a, b] = await Promise.all([cache.get("org1:k1", load), cache.get("org1:k1", load)]);
    expect(a).toEqual(b);
    expect(fake.requests).toHaveLength(1);
    t += 59_999;
    await cache.get("org1:k1", load);
    expect(fake.requests).toHaveLength(1);
    await cache.get("org2:k9", load);
    expect(fake.requests).toHaveLength(2);
    t += 1;
    await cache.get("org1:k1", load);
    expect(fake.requests).toHaveLength(3);
  });

  it("does not call RunPod again before Retry-After has passed, then does", async () => {
    let t = 5_000_000;
    const cache = createGpuCache(() => t);
    const load = () => api().listGpuTypes();
    fake.failures.push({ status: 429, retryAfter: 30 });
    expect(await cache.get("org:k", load)).toMatchObject({ ok: false, retryAfterSeconds: 30 });
    t += 20_000;
    expect(await cache.get("org:k", load)).toMatchObject({ ok: false, retryAfterSeconds: 10 });
    expect(fake.requests).toHaveLength(1);
    t += 10_000;
    expect(await cache.get("org:k", load)).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(2);
  });

  it("keeps no other failure: the next look calls again", async () => {
    const cache = createGpuCache(() => 0);
    fake.failures.push({ status: 503 });
    expect(await cache.get("org:k", () => api().listGpuTypes())).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 503/) });
    expect(await cache.get("org:k", () => api().listGpuTypes())).toMatchObject({ ok: true });
  });
});

describe("GPU table order and filter", () => {
  it("puts what can be rented first, then the cheapest, and filters by memory", async () => {
    const gpus = await api().listGpuTypes();
    expect(sortGpus(gpus).map((g) => g.name)).toEqual(["RTX 3070", "RTX 4090", "L4", "L40S", "RTX A5000", "A100 PCIe", "H100 SXM"]);
    expect(sortGpus(filterByMemory(gpus, 48)).map((g) => g.name)).toEqual(["L40S", "A100 PCIe", "H100 SXM"]);
  });
});
