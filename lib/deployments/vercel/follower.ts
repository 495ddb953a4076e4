import "server-only";
import { deploymentsGetDeployment } from "@vercel/sdk/funcs/deploymentsGetDeployment.js";
import { DeploymentError } from "../credential";
import type { Cursor, DeploymentState, Follower, LogLine, StepEvent, StepResult } from "../types";
import { call, vercelSdk } from "./client";
import { FollowStream, type VercelEvent } from "./events-stream";

/** Vercel's readyState in the one state machine; INITIALIZING is part of building. */
export const VERCEL_STATES: Record<string, DeploymentState> = {
  QUEUED: "queued", INITIALIZING: "building", BUILDING: "building", READY: "ready", ERROR: "error", CANCELED: "canceled",
};
const TERMINAL = new Set(["READY", "ERROR", "CANCELED"]);

interface VercelCursor {
  /** The `created` of the newest event stored, and the ids stored at that very millisecond. */
  since?: number;
  seen?: string[];
  readyState?: string;
  errorMessage?: string | null;
  polledAt?: number;
  /** When the deployment was first seen finished (by the poll), for the stream that never closes. */
  finishedSeenAt?: number;
  /** Connections in a row that broke before sending anything. */
  breaks?: number;
}

// The official CLI polls the deployment every 5 s beside the stream and reconnects after 2 s.
const POLL_MS = 5000;
const RECONNECT_MS = 2000;
// A finished deployment whose stream stays open this long with nothing new is taken as complete.
const FINISHED_GRACE_MS = 60_000;
// After this many empty broken connections the poll's state is recorded anyway, and after
// BREAKS_GIVE_UP (about a minute of them) a finished deployment is taken as complete without its last lines.
const BREAKS_TRUST_POLL = 3;
const BREAKS_GIVE_UP = 30;
const MAX_EVENTS = 200;

// Open follow streams of this process, by deployment: the lease decides who steps, this only
// keeps the connection between steps. One that nobody stepped for a while is closed.
const holder = globalThis as unknown as { __switchboardVercelStreams?: Map<string, FollowStream> };
const streams = (holder.__switchboardVercelStreams ??= new Map());
const IDLE_MS = 30_000;

const cursorKey = (c: VercelCursor) => JSON.stringify([c.since ?? null, c.seen ?? []]);

function sweep(now: number) {
  for (const [id, s] of streams) {
    if (now - s.touchedAt > IDLE_MS) {
      s.close();
      streams.delete(id);
    }
  }
}

/** The events past the cursor, each once: since is resent one millisecond early, so equal times are checked by id. */
function take(events: VercelEvent[], cursor: VercelCursor): { fresh: VercelEvent[]; since?: number; seen: string[] } {
  let since = cursor.since;
  let seen = cursor.seen ?? [];
  const fresh: VercelEvent[] = [];
  for (const e of events) {
    if (since !== undefined && (e.created < since || (e.created === since && seen.includes(e.id)))) continue;
    fresh.push(e);
    if (since === undefined || e.created > since) {
      since = e.created;
      seen = [e.id];
    } else {
      seen = [...seen, e.id];
    }
  }
  return { fresh, since, seen };
}

function logLine(e: VercelEvent): LogLine | null {
  if (e.type === "deployment-state" || e.type === "delimiter" || typeof e.text !== "string" || e.text === "") return null;
  const level = e.type === "stderr" || e.type === "fatal" || e.level === "error" ? "error" : e.level === "warning" ? "warning" : "info";
  // One stored line per line of text: a chunk may hold several.
  return { text: e.text.replace(/\r?\n$/, ""), level, at: new Date(e.created) };
}

/**
 * Follows a Vercel deployment as the official CLI does: the build events' follow stream from
 * the stored `since`, with the deployment polled alongside for its readyState. A finished state
 * does not end following: the last log lines can come after ERROR, so it ends when the stream
 * closes after the deployment finished. A broken stream is reopened with `since` after 2 s.
 */
export const vercelFollower: Follower = {
  kind: "vercel",
  async step(_db, d, raw: Cursor, ctx): Promise<StepResult> {
    const cursor = raw as VercelCursor;
    const deploymentId = String(d.providerRef.deploymentId ?? "");
    if (!deploymentId) throw new DeploymentError("This deployment has no Vercel id.", true, 409);
    const teamId = typeof d.providerRef.teamId === "string" ? d.providerRef.teamId : null;
    const token = (await ctx.credential()).token;
    if (!token) throw new DeploymentError("The Vercel credential has no token.", true, 409);
    const now = Date.now();
    sweep(now);

    let { readyState, errorMessage = null, polledAt } = cursor;
    let url: string | undefined;
    const poll = async () => {
      const sdk = vercelSdk(ctx.provider, token);
      const dep = (await call(() => deploymentsGetDeployment(sdk, { idOrUrl: deploymentId, ...(teamId ? { teamId } : {}) }))) as { readyState?: string; errorMessage?: string | null; url?: string };
      readyState = dep.readyState ?? readyState;
      errorMessage = dep.errorMessage ?? errorMessage;
      if (dep.url) url = `https://${dep.url}`;
      polledAt = Date.now();
    };
    if (!polledAt || now - polledAt >= POLL_MS || !readyState) await poll();

    const key = cursorKey(cursor);
    let stream = streams.get(d.id);
    if (stream && stream.key !== key) {
      // Another step (or instance) moved the cursor since this connection was read: start again from what is stored.
      stream.close();
      stream = undefined;
    }
    if (!stream) {
      stream = new FollowStream(key);
      streams.set(d.id, stream);
      stream.open(ctx.provider, token, deploymentId, teamId, cursor.since === undefined ? undefined : cursor.since - 1);
    }
    stream.touchedAt = now;
    await stream.waitForAny(ctx.signal);
    if (stream.events.length) await stream.settle(50, ctx.signal);

    const batch = stream.events.splice(0, MAX_EVENTS);
    const { fresh, since, seen } = take(batch, cursor);
    for (const e of fresh) if (e.readyState && VERCEL_STATES[e.readyState]) readyState = e.readyState;
    // The stream says ERROR but not why: the deployment itself does.
    if (readyState === "ERROR" && !errorMessage) await poll();
    const drained = stream.events.length === 0;
    const closed = drained && (stream.ended || stream.failure !== null);
    if (closed && stream.failure?.permanent) throw stream.failure;
    // The stream closed: if the poll has not seen the end yet, ask now rather than in 5 s.
    if (closed && stream.ended && !TERMINAL.has(readyState ?? "")) await poll();

    const broke = closed && stream.failure !== null;
    const breaks = broke && fresh.length === 0 ? (cursor.breaks ?? 0) + 1 : 0;
    const finished = TERMINAL.has(readyState ?? "");
    const finishedSeenAt = finished ? (cursor.finishedSeenAt ?? Date.now()) : undefined;
    const done = finished && ((closed && stream.ended) || (drained && Date.now() - finishedSeenAt! > FINISHED_GRACE_MS) || breaks >= BREAKS_GIVE_UP);
    const next: VercelCursor = { since, seen, readyState, errorMessage, polledAt, finishedSeenAt, breaks };
    if (closed || done) {
      stream.close();
      streams.delete(d.id);
    } else {
      stream.key = cursorKey(next);
    }
    const report = (rs: string, message?: string | null) => ({ state: VERCEL_STATES[rs], providerState: rs, message: rs === "ERROR" ? (message ?? undefined) : undefined });
    const events: StepEvent[] = [];
    for (const e of fresh) {
      if (e.readyState && VERCEL_STATES[e.readyState]) events.push({ kind: "state", ...report(e.readyState, errorMessage), at: new Date(e.created) });
      const line = logLine(e);
      if (line) events.push(line);
    }
    // The stream says where a state change stands among the lines; the poll only speaks when the
    // stream had nothing to say this step (stalled, or closed), as the CLI's poll does. A
    // connection that just broke is not "nothing to say": its lines come with the reconnect.
    const pollSpeaks = fresh.length === 0 && (!broke || breaks >= BREAKS_TRUST_POLL);
    const state = pollSpeaks && readyState && VERCEL_STATES[readyState] ? report(readyState, errorMessage) : undefined;
    return {
      events, state, cursor: next as Cursor, done, url,
      // A stream that closed before the end was a break: reconnect after a pause, as the CLI does.
      nextInMs: closed && !done ? RECONNECT_MS : 0,
    };
  },
};
