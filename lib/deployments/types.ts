import type { Db } from "@/lib/db/types";
import type { ValidationContext } from "@/lib/providers/types";

/** Every kind of deployment Switchboard follows; one follower each (registry.ts). */
export const DEPLOYMENT_KINDS = ["vercel", "runpod"] as const;
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number];

/** The one state machine of every kind: queued -> building -> ready | error | canceled. */
export const DEPLOYMENT_STATES = ["queued", "building", "ready", "error", "canceled"] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export const isTerminal = (s: DeploymentState) => s === "ready" || s === "error" || s === "canceled";

/**
 * Whether a provider's report may move a deployment from `from` to `to`. Forward only: a stale
 * poll that still says BUILDING after the stream said READY changes nothing, and a finished
 * deployment stays finished.
 */
export function canMove(from: DeploymentState, to: DeploymentState): boolean {
  if (from === to || isTerminal(from)) return false;
  return !(from === "building" && to === "queued");
}

/** A credential whose values went into a deployment (env sync, endpoint env): fingerprints only. */
export interface UsedCredential {
  integrationId: string;
  provider: string;
  name: string;
  fingerprint: string | null;
}

/** Where following stands, as the follower wrote it last; opaque to everything else. */
export type Cursor = Record<string, unknown>;

export interface Deployment {
  id: string;
  orgId: string;
  kind: DeploymentKind;
  name: string;
  state: DeploymentState;
  providerState: string | null;
  startedBy: string | null;
  integrationId: string | null;
  credentials: UsedCredential[];
  providerRef: Record<string, unknown>;
  cursor: Cursor;
  target: string | null;
  url: string | null;
  error: string | null;
  lastSeq: number;
  followedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export type LogLevel = "info" | "warning" | "error";

/** A log line a follower read from the provider; masked before it is stored. */
export interface LogLine {
  text: string;
  level?: LogLevel;
  /** The provider's time for it, when it says. */
  at?: Date;
}

/** One stored event, as the deployment page and its stream show it. */
export interface DeploymentEvent {
  seq: number;
  type: "state" | "log";
  state: DeploymentState | null;
  level: LogLevel;
  text: string;
  providerAt: string | null;
  createdAt: string;
}

/** A state the provider reported, at its place among the log lines (or at the end of a step). */
export interface StateReport {
  state: DeploymentState;
  /** The provider's own word (BUILDING, INITIALIZING, idle, throttled, ...), shown beside ours. */
  providerState: string;
  /** Why it failed or was canceled, in a sentence (masked before it is stored). */
  message?: string;
  /** The provider's time for the change, when it says (a build event's); absent for a poll. */
  at?: Date;
}

/** A step's events in the order they happened: log lines, and state reports among them. */
export type StepEvent = LogLine | ({ kind: "state" } & StateReport);

/** What one follower step found. The worker stores it atomically, under the lease, or not at all. */
export interface StepResult {
  /**
   * New events, oldest first, each once (the cursor moves past them in the same write). A state
   * report here is stored where it stands, so a log line that came after ERROR stays after it.
   */
  events: StepEvent[];
  /** The provider's state now, when the step learned it otherwise (a poll): applied after the events. */
  state?: StateReport;
  cursor: Cursor;
  /** Nothing more will come: the deployment is finished and its last log line read. */
  done: boolean;
  /** Ask again after this long (a polled provider); 0 or absent: at once. */
  nextInMs?: number;
  /** Provider ids learned during the step (merged into provider_ref). */
  providerRef?: Record<string, unknown>;
  url?: string;
}

/** What a follower may use during one step. Secrets stay in memory for the step only. */
export interface FollowContext {
  /** The deployment's provider credential (its fields by name), opened from the vault now. */
  credential(): Promise<Record<string, string>>;
  /** The provider's API origin (PROVIDER_BASE_URL_<ID> in tests), timeout, fetch, user agent. */
  provider: ValidationContext;
  /** Aborted when the step's time is up or the worker stops: end reads and return what was read. */
  signal: AbortSignal;
  /** How long this step may take; well inside the lease, so the write still holds it. */
  budgetMs: number;
}

/**
 * Follows one kind of deployment at its provider. A step reads from `cursor` on (what the last
 * step stored) and returns what it found and the new cursor; it never writes. The worker stores
 * the result under the deployment's lease, so a step that ran on an instance that lost its lease
 * is thrown away and its lines are read again by the instance that took over: none lost, none twice.
 */
export interface Follower {
  kind: DeploymentKind;
  step(db: Db, deployment: Deployment, cursor: Cursor, ctx: FollowContext): Promise<StepResult>;
}
