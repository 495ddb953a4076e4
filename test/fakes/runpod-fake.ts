import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback stand-in for RunPod's REST API v2 (runpod/docs api-reference-v2/openapi.json): the GPU
 * catalog with availability, the account's templates, serverless endpoints (list, create, get,
 * delete) and their workers, all on one origin as with PROVIDER_BASE_URL_RUNPOD. Errors use the documented RFC 9457 problem bodies.
 *
 * Workers move by reads, not by time, so tests have no timings: every GET of an endpoint's
 * workers takes the next summary of its script, and the last one repeats.
 */
export interface RunpodRequest { method: string; path: string; headers: IncomingHttpHeaders; body: string }

export interface Summary { running: number; idle: number; initializing: number; throttled: number; unhealthy: number }

export interface FakeEndpoint { id: string; body: Record<string, unknown>; script: Summary[]; reads: number }

export interface InjectedFailure {
  status: number; retryAfter?: number; raw?: string; method?: string; pathPrefix?: string;
  /** A validation message quoting the request body back, as some APIs' 400s do. */
  quoteBody?: boolean;
}

export interface RunpodFake {
  url: string;
  /** Keys RunPod knows: "valid" may do everything, "forbidden" is a read-only key (403 on writes). */
  keys: Map<string, "valid" | "forbidden">;
  gpus: Record<string, unknown>[];
  /** The account's templates, pod and serverless ones, with env as the documented body has it. */
  templates: Record<string, unknown>[];
  endpoints: Map<string, FakeEndpoint>;
  requests: RunpodRequest[];
  /** Workers' script for the next endpoint created. */
  nextScript: Summary[];
  /** Answered instead of the next matching request, in order. */
  failures: InjectedFailure[];
  /** Awaited once, before the next endpoint is created: lets a test act while a create is at RunPod. */
  beforeNextCreate?: () => Promise<void>;
  close(): Promise<void>;
}

const none: Summary = { running: 0, idle: 0, initializing: 0, throttled: 0, unhealthy: 0 };
export const summary = (s: Partial<Summary>): Summary => ({ ...none, ...s });
/** Initializing twice, then one idle worker: the usual path to readiness. */
export const READY_SCRIPT: Summary[] = [summary({ initializing: 1 }), summary({ initializing: 1 }), summary({ idle: 1 })];

const gpu = (id: string, name: string, pool: string | null, memory: number, secure: number, community: number, serverless: number | undefined, availability: string, clouds = { secure: true, community: true }) => ({
  id, name, pool, manufacturer: "NVIDIA", memory, ...clouds,
  price: { secure, community, ...(serverless === undefined ? {} : { serverless }) },
  maxCount: { secure: 8, community: 8 }, availability,
  dataCenters: availability === "NONE" ? undefined : [{ id: "EU-RO-1", name: "Romania", availability }],
});

/** A catalog shaped like the documented one: pools of several types, prices, all four levels. */
export const CATALOG = () => [
  gpu("NVIDIA GeForce RTX 4090", "RTX 4090", "ADA_24", 24, 0.69, 0.34, 0.31, "HIGH"),
  gpu("NVIDIA L4", "L4", "ADA_24", 24, 0.43, 0.22, 0.19, "MEDIUM"),
  gpu("NVIDIA RTX A5000", "RTX A5000", "AMPERE_24", 24, 0.36, 0.16, 0.16, "LOW"),
  gpu("NVIDIA L40S", "L40S", "ADA_48_PRO", 48, 0.86, 0.79, 0.53, "MEDIUM"),
  gpu("NVIDIA A100 80GB PCIe", "A100 PCIe", "AMPERE_80", 80, 1.64, 1.19, 0.76, "LOW"),
  gpu("NVIDIA H100 80GB HBM3", "H100 SXM", "HOPPER_141", 80, 2.69, 0, 1.05, "NONE", { secure: true, community: false }),
  gpu("NVIDIA GeForce RTX 3070", "RTX 3070", null, 8, 0, 0.13, undefined, "HIGH", { secure: false, community: true }),
];

const template = (id: string, name: string, image: string, serverless: boolean) => ({
  id, name, image, args: "", disk: 20, mounts: {}, ports: serverless ? [] : ["8888/http"], env: { HF_TOKEN: "hf_templatevalue_notforthepage" },
  registry: null, serverless, public: false, category: "NVIDIA", startSsh: !serverless, startJupyter: false, allowedCudaVersions: [],
});

/** Two serverless templates and a pod one (which cannot back an endpoint). */
export const TEMPLATES = () => [
  template("tpl-whisper", "Whisper large v3", "runpod/worker-faster_whisper:stable", true),
  template("tpl-sdxl", "SDXL turbo", "runpod/worker-sdxl:stable", true),
  template("tpl-jupyter", "PyTorch notebook", "runpod/pytorch:2.4.0-py3.11-cuda12.4.1", false),
];

const problem = (status: number, title: string, detail: string, errors?: string[]) => ({ status, body: { title, status, detail, ...(errors ? { errors } : {}) } });

type Reply = { status: number; body?: unknown; raw?: string; headers?: Record<string, string> };

export async function startRunpodFake(options: { port?: number; keys?: Record<string, "valid" | "forbidden"> } = {}): Promise<RunpodFake> {
  let serial = 0;
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    fake.requests.push({ method, path, headers: req.headers, body });
    const url = new URL(path, "http://fake");
    const i = fake.failures.findIndex((f) => (!f.method || f.method === method) && (!f.pathPrefix || url.pathname.startsWith(f.pathPrefix)));
    if (i >= 0) {
      const [f] = fake.failures.splice(i, 1);
      const headers: Record<string, string> = f.retryAfter === undefined ? {} : { "retry-after": String(f.retryAfter) };
      if (f.raw !== undefined) return send(res, { status: f.status, raw: f.raw, headers });
      const title = f.status === 429 ? "Too Many Requests" : f.status >= 500 ? "Internal Server Error" : "Error";
      const detail = f.quoteBody ? `Invalid endpoint: ${body}` : f.status === 429 ? "Rate limit exceeded for the minute window." : "Something went wrong.";
      return send(res, { ...problem(f.status, title, detail), headers });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const access = fake.keys.get(bearer);
    if (!access) return send(res, problem(401, "Unauthorized", "The bearer token is missing, malformed, expired, or invalid."));
    if (method === "POST" && url.pathname === "/v2/serverless" && fake.beforeNextCreate) {
      const hook = fake.beforeNextCreate;
      fake.beforeNextCreate = undefined;
      await hook();
    }
    send(res, route(method, url, body, access));
  });

  function route(method: string, url: URL, body: string, access: "valid" | "forbidden"): Reply {
    const p = url.pathname;
    if (method === "GET" && p === "/v2/catalog/gpus") {
      const include = url.searchParams.get("include");
      const product = url.searchParams.get("product");
      if (include && !product) return problem(400, "Bad Request", "product is required with include=AVAILABILITY.");
      if (product && !include) return problem(400, "Bad Request", "product is valid only with include=AVAILABILITY.");
      const rows = fake.gpus.map((g) => (include ? g : { ...g, availability: undefined, dataCenters: undefined }));
      return { status: 200, body: { gpus: rows } };
    }
    if (method === "GET" && p === "/v2/templates") return { status: 200, body: { templates: fake.templates } };
    if (method === "GET" && p === "/v2/serverless") return { status: 200, body: { endpoints: [...fake.endpoints.values()].map((e) => e.body) } };
    if (access === "forbidden" && method !== "GET") return problem(403, "Forbidden", "This API key does not have write access to serverless endpoints.");
    if (method === "POST" && p === "/v2/serverless") return create(body);
    const m = /^\/v2\/serverless\/([^/]+)(\/workers)?$/.exec(p);
    const ep = m && fake.endpoints.get(decodeURIComponent(m[1]));
    if (m && !ep) return problem(404, "Not Found", "The requested endpoint does not exist.");
    if (ep && m?.[2] && method === "GET") {
      const s = ep.script[Math.min(ep.reads++, ep.script.length - 1)];
      const total = s.running + s.idle + s.initializing + s.throttled + s.unhealthy;
      return { status: 200, body: { workers: workersOf(ep.id, s), summary: { ...s, total }, endpointVersion: 1 } };
    }
    if (ep && method === "GET") return { status: 200, body: ep.body };
    if (ep && method === "DELETE") {
      fake.endpoints.delete(ep.id);
      return { status: 204 };
    }
    return problem(404, "Not Found", "No such route.");
  }

  function create(text: string): Reply {
    let b: Record<string, unknown>;
    try { b = JSON.parse(text) as Record<string, unknown>; } catch { return problem(400, "Bad Request", "The body is not JSON."); }
    const errors: string[] = [];
    if (typeof b.name !== "string" || !b.name) errors.push("name is required");
    if (b.type !== "QUEUE" && b.type !== "LOAD_BALANCER") errors.push("type is required");
    if (!b.scaling || typeof b.scaling !== "object") errors.push("scaling is required");
    if (!b.templateId && !b.image) errors.push("image is required when templateId is absent");
    const g = b.gpu as { pools?: string[]; excludedTypes?: string[] } | undefined;
    const pools = new Set(fake.gpus.map((x) => x.pool).filter(Boolean));
    if (!g?.pools?.length || g.pools.some((pool) => !pools.has(pool))) errors.push("gpu.pools must name serverless pools of the catalog");
    for (const t of g?.excludedTypes ?? []) {
      if (!fake.gpus.some((x) => x.id === t.trim() && g?.pools?.includes(String(x.pool)))) errors.push(`gpu.excludedTypes: ${t} is not a GPU type in the selected pools`);
    }
    const w = (b.workers ?? {}) as { min?: number; max?: number };
    if ((w.min ?? 0) > (w.max ?? 3)) errors.push("workers.min must not exceed workers.max");
    if (errors.length) return problem(400, "Bad Request", "The request body is invalid.", errors);
    if (b.templateId && !fake.templates.some((t) => t.id === b.templateId)) return problem(404, "Not Found", "The template does not exist.");
    if (b.templateId && !fake.templates.some((t) => t.id === b.templateId && t.serverless)) return problem(400, "Bad Request", "The template is not a serverless template.");
    const id = `ep${(++serial).toString(36).padStart(6, "0")}fake`;
    // Echoes env, as the documented endpoint body does: the client must not pass it on.
    const job = `https://api.runpod.ai/v2/${id}`;
    const requestUrls = b.type === "LOAD_BALANCER" ? { base: `https://${id}.api.runpod.ai`, health: `https://${id}.api.runpod.ai/ping` }
      : { run: `${job}/run`, runSync: `${job}/runsync`, status: `${job}/status`, stream: `${job}/stream`, cancel: `${job}/cancel`, retry: `${job}/retry`, purgeQueue: `${job}/purge-queue`, health: `${job}/health` };
    const stored = { ...b, id, requestUrls, workers: { min: w.min ?? 0, max: w.max ?? 3 }, dataCenterIds: [], networkVolumes: [], timeout: 300000, flashboot: "OFF", createdAt: new Date().toISOString() };
    fake.endpoints.set(id, { id, body: stored, script: fake.nextScript, reads: 0 });
    return { status: 201, body: stored };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const fake: RunpodFake = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keys: new Map(Object.entries(options.keys ?? {})),
    gpus: CATALOG(),
    templates: TEMPLATES(),
    endpoints: new Map(),
    requests: [],
    nextScript: READY_SCRIPT,
    failures: [],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return fake;
}

function workersOf(endpointId: string, s: Summary) {
  const out: Record<string, unknown>[] = [];
  for (const status of ["RUNNING", "IDLE", "INITIALIZING", "THROTTLED", "UNHEALTHY"] as const) {
    for (let n = 0; n < s[status.toLowerCase() as keyof Summary]; n++) {
      const placed = status !== "THROTTLED" && status !== "INITIALIZING";
      out.push({ id: `${endpointId}-w${out.length}`, status, isStale: false, version: 1, gpuCount: 1, image: null, uptimeSeconds: placed ? 30 : null, gpuTypeId: placed ? "NVIDIA GeForce RTX 4090" : null, dataCenterId: placed ? "EU-RO-1" : null, startedAt: null });
    }
  }
  return out;
}

function send(res: ServerResponse, reply: Reply) {
  const problemType = reply.status >= 400 && reply.raw === undefined;
  const headers = { "content-type": problemType ? "application/problem+json" : "application/json", ...reply.headers };
  if (reply.status === 204) return res.writeHead(204, reply.headers).end();
  res.writeHead(reply.status, headers).end(reply.raw ?? JSON.stringify(reply.body));
}
