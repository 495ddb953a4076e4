import "server-only";
import { DeploymentError } from "@/lib/deployments/credential";
import type { Deployment, Follower, LogLine, StepResult } from "@/lib/deployments/types";
import { runpodApi, RunpodError, type WorkerSummary } from "./api";

/** How often an endpoint's workers are read while it comes up. */
export const POLL_MS = 3000;
/** Reads in a row with every worker failing its health checks before the endpoint counts as failed. */
export const UNHEALTHY_READS = 5;
/** Reads in a row with no worker at all, on an endpoint allowed to scale to zero, before it counts as ready. */
export const EMPTY_READS = 3;
/** An endpoint not ready after this long is given up on (its workers may still come later). */
export const READY_DEADLINE_MS = 30 * 60 * 1000;

export type RunpodCursor = {
  /** The last summary read, as its sentence: a new log line only when it changes. */
  last?: string;
  unhealthyReads?: number;
  emptyReads?: number;
};

/** What providerRef holds for a RunPod deployment (written at create time). */
export interface RunpodRef { endpointId: string; gpuTypeId: string; pool: string; workersMin: number; workersMax: number; deletedAt?: string }

const ORDER = ["running", "idle", "initializing", "throttled", "unhealthy"] as const;

/** "1 idle, 1 running" in a fixed order; "no workers yet" when there are none. */
export function describeWorkers(s: WorkerSummary): string {
  const parts = ORDER.filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  return parts.length ? `Workers: ${parts.join(", ")}.` : "Workers: none yet.";
}

/** RunPod's word for where the endpoint stands, shown beside ours (v2 gives an endpoint no status: it is read from its workers). */
function providerWord(s: WorkerSummary): string {
  if (s.running > 0) return "running";
  if (s.idle > 0) return "idle";
  if (s.initializing > 0) return "initializing";
  if (s.throttled > 0) return "throttled";
  if (s.unhealthy > 0) return "unhealthy";
  return "no workers";
}

const level = (s: WorkerSummary): LogLine["level"] =>
  s.unhealthy > 0 && s.idle + s.running === 0 ? "error" : s.throttled > 0 || s.unhealthy > 0 ? "warning" : "info";

/**
 * One look at the endpoint's workers, turned into the shared state machine: building while they
 * initialize (or wait for capacity), ready once one is idle or running (or, with min workers 0,
 * once RunPod has kept none for a few reads: it starts them on the first request), error when all
 * keep failing health checks, the endpoint is gone, or it is not ready within 30 minutes.
 */
export function judge(d: Pick<Deployment, "createdAt" | "providerRef">, cursor: RunpodCursor, s: WorkerSummary, now = Date.now()): StepResult {
  const ref = d.providerRef as unknown as RunpodRef;
  const line = describeWorkers(s);
  const events: LogLine[] = line === cursor.last ? [] : [{ text: line, level: level(s) }];
  const unhealthyReads = s.total > 0 && s.unhealthy === s.total ? (cursor.unhealthyReads ?? 0) + 1 : 0;
  const emptyReads = s.total === 0 ? (cursor.emptyReads ?? 0) + 1 : 0;
  const next: RunpodCursor = { last: line, unhealthyReads, emptyReads };
  const word = providerWord(s);
  const result = (state: "building" | "ready" | "error", message?: string, done = false): StepResult =>
    ({ events, state: { state, providerState: word, ...(message ? { message } : {}) }, cursor: next, done, nextInMs: done ? 0 : POLL_MS });

  if (s.idle + s.running > 0) return result("ready", undefined, true);
  if (s.total === 0 && (ref.workersMin ?? 0) === 0 && emptyReads >= EMPTY_READS) {
    return { ...result("ready", undefined, true), events: [...events, { text: "No worker is kept warm (minimum 0): RunPod starts one on the first request." }] };
  }
  if (unhealthyReads >= UNHEALTHY_READS) return result("error", `every worker failed its health checks ${UNHEALTHY_READS} reads in a row; check the image and its handler.`, true);
  if (now - new Date(d.createdAt).getTime() > READY_DEADLINE_MS) {
    return result("error", s.throttled > 0 ? "no GPU capacity within 30 minutes; choose a GPU with more availability." : "no worker became ready within 30 minutes.", true);
  }
  return result("building");
}

/** RunPod errors during a step: a wait RunPod asked for is kept exactly, a refused key ends following. */
function onError(err: unknown, cursor: RunpodCursor): StepResult {
  if (!(err instanceof RunpodError)) throw err;
  if (err.kind === "rate_limited") {
    return { events: [{ text: `RunPod is rate-limiting; next look in ${err.retryAfterSeconds ?? 60} s.`, level: "warning" }], cursor, done: false, nextInMs: (err.retryAfterSeconds ?? 60) * 1000 };
  }
  if (err.kind === "not_found") {
    return { events: [], state: { state: "error", providerState: "deleted", message: "the endpoint no longer exists at RunPod." }, cursor, done: true };
  }
  throw new DeploymentError(err.message, err.kind === "unauthorized" || err.kind === "forbidden");
}

export const runpodFollower: Follower = {
  kind: "runpod",
  async step(_db, d, cursor, ctx) {
    const ref = d.providerRef as unknown as RunpodRef;
    if (!ref.endpointId) throw new DeploymentError("this deployment has no RunPod endpoint id.", true);
    const { apiKey } = await ctx.credential();
    if (!apiKey) throw new DeploymentError("the RunPod credential has no API key.", true);
    const api = runpodApi({ ...ctx.provider, timeoutMs: Math.min(ctx.provider.timeoutMs, ctx.budgetMs) }, apiKey);
    try {
      return judge(d, cursor as RunpodCursor, await api.listWorkers(ref.endpointId));
    } catch (err) {
      return onError(err, cursor as RunpodCursor);
    }
  },
};
