import "server-only";
import { z } from "zod";
import { retryAfter, scrub } from "@/lib/providers/http";
import type { ValidationContext } from "@/lib/providers/types";

/**
 * The one file that speaks RunPod's REST API v2 (api.runpod.io/v2, beta; openapi.json of
 * runpod/docs api-reference-v2). REST v1 was retired in November 2026 and GraphQL retires in early
 * 2027, so nothing else in Switchboard builds a RunPod URL or reads a RunPod body: when v2 changes,
 * this file changes. Everything leaves here as the small shapes below, parsed at the edge.
 *
 * What v2 lacks, stated rather than papered over with a retired API:
 * - An endpoint has no status of its own: readiness is read from its workers (listWorkers).
 * - There is no "who am I" call: the credential check (lib/providers/runpod.ts) lists the key's
 *   endpoints instead, which proves the key and its serverless read access but names no account.
 * - Availability is per product context: this asks for SERVERLESS, since that is what is created here.
 * - An endpoint takes GPU pools, not types: one type is pinned by excluding its pool's other types,
 *   and a type RunPod later adds to that pool becomes eligible (v2 has no inclusive allowlist).
 */

export const RUNPOD_ORIGIN = "https://api.runpod.io";

export type Availability = "NONE" | "LOW" | "MEDIUM" | "HIGH";
export type WorkerState = "INITIALIZING" | "IDLE" | "RUNNING" | "THROTTLED" | "UNHEALTHY";

export interface GpuType {
  id: string;
  name: string;
  /** Serverless pool this type belongs to; null when it cannot back an endpoint. */
  pool: string | null;
  manufacturer: string;
  memoryGb: number;
  /** USD per GPU per hour; null where the type is not offered on that cloud. */
  price: { secure: number | null; community: number | null; serverless: number | null };
  availability: Availability;
}

export interface EndpointSpec {
  name: string;
  source: { templateId: string } | { image: string };
  /** Values are secrets: they go into the request body and nowhere else. */
  env: Record<string, string>;
  gpu: { pool: string; excludedTypes: string[]; count: number };
  workers: { min: number; max: number };
}

export interface Endpoint {
  id: string;
  name: string;
  workers: { min: number; max: number };
  /** Where jobs are sent (the job API's run URL; a load balancer's base URL), when RunPod gives one. */
  url: string | null;
}

/** A serverless template of the account: what the endpoint form offers. Its env is not read (values may be secrets). */
export interface Template {
  id: string;
  name: string;
  image: string;
}

export interface WorkerSummary {
  running: number;
  idle: number;
  initializing: number;
  throttled: number;
  unhealthy: number;
  total: number;
}

export type RunpodErrorKind = "unauthorized" | "forbidden" | "rate_limited" | "not_found" | "rejected" | "outage" | "unreachable" | "unreadable";

/** A RunPod call that did not give what was asked, with a sentence a person can act on. */
export class RunpodError extends Error {
  constructor(
    readonly kind: RunpodErrorKind,
    message: string,
    readonly httpStatus?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "RunpodError";
  }
}

const problem = z.object({ title: z.string().optional(), detail: z.string().optional(), errors: z.array(z.string()).optional() }).passthrough();
const price = z.number().finite().nonnegative().nullish().transform((v) => v ?? null);
const gpuRow = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  pool: z.string().nullish().transform((v) => v ?? null),
  manufacturer: z.string().catch("UNKNOWN"),
  memory: z.number().int().nonnegative(),
  secure: z.boolean().catch(false),
  community: z.boolean().catch(false),
  price: z.object({ secure: price, community: price, serverless: price.optional() }),
  availability: z.enum(["NONE", "LOW", "MEDIUM", "HIGH"]).catch("NONE"),
});
// Only these fields are read back: an endpoint's body also echoes its env, whose values are secrets.
const https = z.string().url().refine((u) => u.startsWith("https://")).optional().catch(undefined);
const endpointBody = z
  .object({
    id: z.string().min(1), name: z.string(), workers: z.object({ min: z.number().int(), max: z.number().int() }),
    requestUrls: z.object({ run: https, base: https }).nullish().catch(null),
  })
  .transform(({ id, name, workers, requestUrls }) => ({ id, name, workers: { min: workers.min, max: workers.max }, url: requestUrls?.run ?? requestUrls?.base ?? null }));
const templateRow = z.object({ id: z.string().min(1), name: z.string(), image: z.string().catch(""), serverless: z.boolean().catch(false) });
const count = z.number().int().nonnegative();
const workersBody = z.object({
  summary: z.object({ running: count, idle: count, initializing: count, throttled: count, unhealthy: count, total: count }),
});

const said = (body: unknown) => {
  const p = problem.safeParse(body);
  if (!p.success) return "";
  const text = [p.data.detail ?? p.data.title, ...(p.data.errors ?? [])].filter(Boolean).join(" ").trim();
  return text ? ` RunPod said: ${text.length > 300 ? `${text.slice(0, 297)}...` : text}${/[.!?]$/.test(text) ? "" : "."}` : "";
};

/** Statuses into sentences (providers.md, section 0): what happened, and what the person can do. */
function failure(status: number, headers: Headers, body: unknown, what: string): RunpodError {
  const quote = said(body);
  if (status === 401) return new RunpodError("unauthorized", `RunPod rejected the org's API key while trying to ${what}. Replace the RunPod credential on the integrations page.${quote}`, status);
  if (status === 403) {
    return new RunpodError("forbidden", `RunPod knows the org's API key but it lacks the permission to ${what}; give the key read and write access to serverless endpoints (or "All").${quote}`, status);
  }
  if (status === 429) {
    const wait = retryAfter(headers);
    return new RunpodError("rate_limited", `RunPod is rate-limiting this account, so Switchboard could not ${what}; ${wait === undefined ? "try again in a minute" : `it will try again after ${wait} s`}.`, status, wait ?? 60);
  }
  if (status === 404) return new RunpodError("not_found", `RunPod has no such resource, so Switchboard could not ${what}.${quote}`, status);
  if (status >= 500) return new RunpodError("outage", `RunPod is having trouble right now (HTTP ${status}), so Switchboard could not ${what}. Nothing was changed on our side; try again shortly.`, status, retryAfter(headers));
  return new RunpodError("rejected", `RunPod refused to ${what} (HTTP ${status}).${quote}`, status);
}

export interface RunpodApi {
  listGpuTypes(): Promise<GpuType[]>;
  /** The account's own templates that can back a serverless endpoint (pod templates cannot). */
  listTemplates(): Promise<Template[]>;
  /** How many serverless endpoints the key can see: the cheapest authenticated read v2 documents. */
  countEndpoints(): Promise<number>;
  createEndpoint(spec: EndpointSpec): Promise<Endpoint>;
  getEndpoint(id: string): Promise<Endpoint>;
  listWorkers(id: string): Promise<WorkerSummary>;
  /** True when deleted now, false when RunPod had no such endpoint (already gone). */
  deleteEndpoint(id: string): Promise<boolean>;
}

/** A client for one org's key. `ctx` carries the operator override PROVIDER_BASE_URL_RUNPOD. */
export function runpodApi(ctx: ValidationContext, apiKey: string): RunpodApi {
  const base = `${ctx.baseUrl(RUNPOD_ORIGIN)}/v2`;
  const secretsIn = (spec?: EndpointSpec) => [apiKey, ...Object.values(spec?.env ?? {})];

  async function call(method: string, path: string, what: string, body?: unknown, secrets = secretsIn()): Promise<{ status: number; json: unknown }> {
    let res: Response;
    let text: string;
    try {
      res = await ctx.fetch(`${base}${path}`, {
        method,
        headers: { Accept: "application/json", Authorization: `Bearer ${apiKey}`, "User-Agent": ctx.userAgent, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(ctx.timeoutMs),
        // The key travels in a header; a redirect could carry it to another host.
        redirect: "manual",
        cache: "no-store",
      });
      text = await res.text();
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const why = name === "TimeoutError" || name === "AbortError" ? `did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s` : "could not be reached";
      throw new RunpodError("unreachable", `RunPod ${why}, so Switchboard could not ${what}. Try again shortly.`);
    }
    let json: unknown = null;
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        if (res.status < 200 || res.status >= 300) throw scrubbed(failure(res.status, res.headers, null, what), secrets);
        throw new RunpodError("unreadable", `RunPod answered with a body Switchboard could not read, so it could not ${what}.`, res.status);
      }
    }
    // A problem body may quote the request (a validation error naming an env value): scrub it.
    if (res.status < 200 || res.status >= 300) throw scrubbed(failure(res.status, res.headers, json, what), secrets);
    return { status: res.status, json };
  }

  const parsed = <T>(schema: z.ZodType<T, unknown>, json: unknown, what: string): T => {
    const r = schema.safeParse(json);
    if (!r.success) throw new RunpodError("unreadable", `RunPod answered in a shape Switchboard does not know, so it could not ${what}.`);
    return r.data;
  };

  return {
    async listGpuTypes() {
      const what = "list GPU types";
      const { json } = await call("GET", "/catalog/gpus?include=AVAILABILITY&product=SERVERLESS", what);
      const rows = parsed(z.object({ gpus: z.array(z.unknown()) }), json, what).gpus;
      // One odd row must not hide the whole catalog: rows that do not parse are left out.
      return rows.flatMap((row) => {
        const g = gpuRow.safeParse(row);
        if (!g.success) return [];
        const d = g.data;
        return [{
          id: d.id, name: d.name, pool: d.pool, manufacturer: d.manufacturer, memoryGb: d.memory, availability: d.availability,
          price: { secure: d.secure ? d.price.secure : null, community: d.community ? d.price.community : null, serverless: d.price.serverless ?? null },
        }];
      });
    },

    async listTemplates() {
      const what = "list the account's templates";
      const rows = parsed(z.object({ templates: z.array(z.unknown()) }), (await call("GET", "/templates", what)).json, what).templates;
      return rows.flatMap((row) => {
        const t = templateRow.safeParse(row);
        return t.success && t.data.serverless ? [{ id: t.data.id, name: t.data.name || t.data.id, image: t.data.image }] : [];
      });
    },

    async countEndpoints() {
      const what = "list serverless endpoints";
      return parsed(z.object({ endpoints: z.array(z.unknown()) }), (await call("GET", "/serverless", what)).json, what).endpoints.length;
    },

    async createEndpoint(spec) {
      const what = "create the endpoint";
      const body = {
        name: spec.name,
        type: "QUEUE",
        // v2 requires a scaler; RunPod's console default for queue endpoints.
        scaling: { type: "QUEUE_DELAY", queueDelay: 4 },
        ...spec.source,
        env: spec.env,
        gpu: { pools: [spec.gpu.pool], count: spec.gpu.count, ...(spec.gpu.excludedTypes.length ? { excludedTypes: spec.gpu.excludedTypes } : {}) },
        workers: { min: spec.workers.min, max: spec.workers.max },
      };
      const { json } = await call("POST", "/serverless", what, body, secretsIn(spec));
      return parsed(endpointBody, json, what);
    },

    async getEndpoint(id) {
      const what = "read the endpoint";
      return parsed(endpointBody, (await call("GET", `/serverless/${encodeURIComponent(id)}`, what)).json, what);
    },

    async listWorkers(id) {
      const what = "read the endpoint's workers";
      return parsed(workersBody, (await call("GET", `/serverless/${encodeURIComponent(id)}/workers`, what)).json, what).summary;
    },

    async deleteEndpoint(id) {
      try {
        await call("DELETE", `/serverless/${encodeURIComponent(id)}`, "delete the endpoint");
        return true;
      } catch (error) {
        if (error instanceof RunpodError && error.kind === "not_found") return false;
        throw error;
      }
    },
  };
}

/** Every value of the call's secrets out of a sentence: whole values first (short ones too), then long partial echoes. */
function scrubbed(error: RunpodError, secrets: string[]): RunpodError {
  const live = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const text = scrub(live.reduce((t, s) => t.split(s).join("[redacted]"), error.message), live);
  return text === error.message ? error : new RunpodError(error.kind, text, error.httpStatus, error.retryAfterSeconds);
}
