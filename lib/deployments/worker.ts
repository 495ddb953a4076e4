import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import type { Deps } from "@/lib/integrations/service";
import { DeploymentError, openCredential } from "./credential";
import { orgMasker } from "./mask";
import { followerFor } from "./registry";
import { canMove, isTerminal, type Deployment, type DeploymentState, type StateReport, type StepResult } from "./types";
import "./followers";

export type WorkerDeps = Pick<Deps, "db" | "vault" | "context" | "oauthToken">;

export interface FollowOptions {
  /** How long the lease lasts past each write; a dead instance's deployments wait this long at most. */
  leaseSeconds: number;
  /** One step's time; well inside the lease so its write still holds it. */
  stepMs: number;
  /** The whole slice: a cron call or a stream drives a deployment for this long, then lets go. */
  budgetMs: number;
  /** Stops the loop (server shutting down); a step in flight returns what it read. */
  signal?: AbortSignal;
}

export const FOLLOW_DEFAULTS: Omit<FollowOptions, "budgetMs"> = { leaseSeconds: 30, stepMs: 5000 };

// Consecutive failed steps before following gives up; with the backoff below, about ten minutes.
const MAX_FAILURES = 12;
const backoffMs = (failures: number) => Math.min(1000 * 2 ** Math.min(failures, 6), 60_000);

const COLUMNS = `id, org_id as "orgId", kind, name, state, provider_state as "providerState", started_by as "startedBy",
  integration_id as "integrationId", credentials, provider_ref as "providerRef", cursor, target, url, error,
  last_seq::int as "lastSeq", followed_at as "followedAt", created_at as "createdAt", updated_at as "updatedAt", finished_at as "finishedAt"`;

/**
 * Takes the lease of up to `limit` deployments that are due and that nobody holds (or whose
 * holder let it lapse), each under a holder id of its own: one claim, one follower loop, so even
 * two loops in one process never both pass the lease check. skip locked: claims on many instances
 * at once split the work instead of queueing on each other.
 */
export async function claimDue(db: Db, leaseSeconds: number, limit: number, only?: string): Promise<{ id: string; holder: string }[]> {
  // A plain read first: the timer asks every second, and in embedded mode any write statement,
  // even one that changes nothing, makes the read-through caches (sessions, health) read again.
  const { rows: due } = await db.query<{ due: boolean }>(
    `select exists (select 1 from deployments where followed_at is null and next_step_at <= now()
                     and (lease_expires_at is null or lease_expires_at < now()) and ($1::uuid is null or id = $1::uuid)) as due`,
    [only ?? null],
  );
  if (!due[0]?.due) return [];
  const holder = randomUUID();
  const { rows } = await db.query<{ id: string }>(
    `update deployments set lease_holder = $1 || ':' || id::text, lease_expires_at = now() + make_interval(secs => $2)
      where id in (select id from deployments
                    where followed_at is null and next_step_at <= now() and (lease_expires_at is null or lease_expires_at < now())
                      and ($4::uuid is null or id = $4::uuid)
                    order by next_step_at limit $3 for update skip locked)
      returning id`,
    [holder, leaseSeconds, limit, only ?? null],
  );
  return rows.map((r) => ({ id: r.id, holder: `${holder}:${r.id}` }));
}

export async function releaseLease(db: Db, id: string, holder: string): Promise<void> {
  await db.query(`update deployments set lease_holder = null, lease_expires_at = null where id = $1 and lease_holder = $2`, [id, holder]);
}

/** The deployment, locked, if `holder` still holds its lease; null when the lease was lost (expired and taken). */
async function lockIfHeld(tx: Db, id: string, holder: string): Promise<Deployment | null> {
  const { rows } = await tx.query<Deployment>(
    `select ${COLUMNS} from deployments where id = $1 and lease_holder = $2 and lease_expires_at > now() for update`, [id, holder]);
  return rows[0] ?? null;
}

type StepOutcome = "continue" | "wait" | "done" | "lost";

const stateSentence = (state: DeploymentState, providerState: string, message?: string) => {
  const word = { queued: "Queued", building: "Building", ready: "Ready", error: "Failed", canceled: "Canceled" }[state];
  return `${word} (${providerState})${message ? `: ${message}` : "."}`;
};

/**
 * Stores a step's result in one transaction, only if the lease is still held: the log lines
 * (masked) and a state event take the next seqs, the cursor moves past them, the org hears of it.
 * A step whose lease was lost meanwhile stores nothing; whoever holds it now reads the same lines
 * again from the stored cursor, so nothing is lost and nothing is stored twice.
 */
async function storeStep(deps: WorkerDeps, d: Deployment, holder: string, result: StepResult, mask: (t: string) => string, leaseSeconds: number): Promise<StepOutcome> {
  return deps.db.transaction(async (tx) => {
    const now = await lockIfHeld(tx, d.id, holder);
    if (!now) return "lost";
    // Walk the events in order: each state report that moves the machine forward becomes a state
    // event at its place; a report that does not (stale, or same state) only updates the provider's word.
    let current = now.state;
    let providerState: string | null = null;
    let error: string | null = null;
    const moves: { previous: DeploymentState; state: DeploymentState }[] = [];
    const rows: { type: "log" | "state"; state: DeploymentState | null; level: string; text: string; provider_at: string | null }[] = [];
    const report = (r: StateReport) => {
      providerState = r.providerState.slice(0, 40);
      if (!canMove(current, r.state)) return;
      moves.push({ previous: current, state: r.state });
      current = r.state;
      if (r.state === "error") error = mask(r.message ?? `${now.kind} reported ${r.providerState}.`).slice(0, 1000);
      rows.push({ type: "state", state: r.state, level: r.state === "error" ? "error" : "info", text: mask(stateSentence(r.state, r.providerState, r.message)).slice(0, 4000), provider_at: r.at?.toISOString() ?? null });
    };
    for (const e of result.events) {
      if ("kind" in e) report(e);
      else rows.push({ type: "log", state: null, level: e.level ?? "info", text: mask(e.text).slice(0, 4000), provider_at: e.at?.toISOString() ?? null });
    }
    if (result.state) report(result.state);
    const next = current !== now.state ? current : null;
    const done = result.done && isTerminal(current);
    const { rows: updated } = await tx.query<{ lastSeq: number }>(
      `update deployments set last_seq = last_seq + $2, cursor = $3::jsonb,
         state = coalesce($4, state), provider_state = coalesce($5, provider_state), error = coalesce($6, error),
         url = coalesce($7, url), provider_ref = provider_ref || $8::jsonb, failures = 0, updated_at = now(),
         finished_at = case when $4 in ('ready', 'error', 'canceled') then now() else finished_at end,
         next_step_at = now() + make_interval(secs => $9), followed_at = case when $10 then now() end,
         lease_expires_at = case when $10 then null else now() + make_interval(secs => $11) end,
         lease_holder = case when $10 then null else lease_holder end
       where id = $1 returning last_seq::int as "lastSeq"`,
      [d.id, rows.length, JSON.stringify(result.cursor), next, providerState, error,
        result.url?.slice(0, 500) ?? null, JSON.stringify(result.providerRef ?? {}), (result.nextInMs ?? 0) / 1000, done, leaseSeconds],
    );
    const last = updated[0].lastSeq;
    if (rows.length) {
      const first = last - rows.length + 1;
      await tx.query(
        `insert into deployment_events (deployment_id, org_id, seq, type, state, level, text, provider_at)
         select $1, $2, x.seq, x.type, x.state, x.level, x.text, x.provider_at
           from jsonb_to_recordset($3::jsonb) as x(seq bigint, type text, state text, level text, text text, provider_at timestamptz)`,
        [d.id, d.orgId, JSON.stringify(rows.map((r, i) => ({ ...r, seq: first + i })))],
      );
      await appendEvent(tx, { orgId: d.orgId, type: "deployment.progress", data: { deploymentId: d.id, seq: last } });
    }
    for (const m of moves) {
      await appendEvent(tx, { orgId: d.orgId, type: "deployment.state_changed", data: { deploymentId: d.id, kind: d.kind, state: m.state, previous: m.previous, name: d.name } });
    }
    if (done) return "done";
    return (result.nextInMs ?? 0) > 0 ? "wait" : "continue";
  });
}

/**
 * A step that failed (provider down, token revoked): counted under the lease and retried later,
 * backing off; a permanent failure, or too many in a row, ends following with the deployment in
 * error and the reason as its last event.
 */
async function storeFailure(deps: WorkerDeps, d: Deployment, holder: string, err: unknown, mask: (t: string) => string = (t) => t): Promise<StepOutcome> {
  const permanent = err instanceof DeploymentError && err.permanent;
  // The provider's own words may quote what it was sent: masked like every log line.
  const reason = err instanceof DeploymentError ? mask(err.message) : "the provider could not be read";
  return deps.db.transaction(async (tx) => {
    const now = await lockIfHeld(tx, d.id, holder);
    if (!now) return "lost";
    const failures = (await tx.query<{ failures: number }>(`update deployments set failures = failures + 1 where id = $1 returning failures`, [d.id])).rows[0].failures;
    if (!permanent && failures < MAX_FAILURES) {
      await tx.query(`update deployments set next_step_at = now() + make_interval(secs => $2), lease_holder = null, lease_expires_at = null where id = $1`,
        [d.id, backoffMs(failures) / 1000]);
      return "wait";
    }
    const text = `Switchboard stopped following this deployment: ${reason}`.slice(0, 1000);
    const terminal = isTerminal(now.state);
    const { rows } = await tx.query<{ lastSeq: number }>(
      `update deployments set last_seq = last_seq + 1, followed_at = now(), lease_holder = null, lease_expires_at = null, updated_at = now(),
         state = case when $2 then state else 'error' end, error = case when $2 then error else $3 end,
         finished_at = coalesce(finished_at, now())
       where id = $1 returning last_seq::int as "lastSeq"`,
      [d.id, terminal, text],
    );
    await tx.query(`insert into deployment_events (deployment_id, org_id, seq, type, state, level, text) values ($1, $2, $3, $4, $5, 'error', $6)`,
      [d.id, d.orgId, rows[0].lastSeq, terminal ? "log" : "state", terminal ? null : "error", text]);
    await appendEvent(tx, { orgId: d.orgId, type: "deployment.progress", data: { deploymentId: d.id, seq: rows[0].lastSeq } });
    if (!terminal) await appendEvent(tx, { orgId: d.orgId, type: "deployment.state_changed", data: { deploymentId: d.id, kind: d.kind, state: "error", previous: now.state, name: d.name } });
    return "done";
  });
}

/** One step: read the provider from the stored cursor, then store what was read if the lease still holds. */
export async function stepDeployment(deps: WorkerDeps, id: string, holder: string, opts: Omit<FollowOptions, "budgetMs">): Promise<StepOutcome> {
  const d = await lockIfHeld(deps.db, id, holder);
  if (!d) return "lost";
  if (d.followedAt) return "done";
  const follower = followerFor(d.kind);
  if (!follower) {
    // A build without this kind's follower leaves the deployment for an instance that has one.
    await releaseLease(deps.db, id, holder);
    return "lost";
  }
  // Loaded before the provider is asked: a key service that is down fails the step, and nothing unmasked is stored.
  let masker: Awaited<ReturnType<typeof orgMasker>>;
  try {
    masker = await orgMasker(deps, d.orgId);
  } catch (err) {
    return storeFailure(deps, d, holder, err);
  }
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.stepMs)]) : AbortSignal.timeout(opts.stepMs);
  let opened: Promise<Record<string, string>> | null = null;
  const credential = () => {
    opened ??= openCredential(deps, d.orgId, d.integrationId).then((fields) => {
      masker.add(Object.values(fields)); // an OAuth token is in no stored secret
      return fields;
    });
    return opened;
  };
  let result: StepResult;
  try {
    result = await follower.step(deps.db, d, d.cursor, { credential, provider: deps.context(d.kind), signal, budgetMs: opts.stepMs });
  } catch (err) {
    return storeFailure(deps, d, holder, err, (t) => masker.mask(t));
  }
  return storeStep(deps, d, holder, result, (t) => masker.mask(t), opts.leaseSeconds);
}

/**
 * Follows one claimed deployment for up to budgetMs: steps back to back while the provider has
 * more, lets go of the lease when it is told to wait (a polled provider) or the slice is over, so
 * whichever instance is free next picks it up from the stored cursor.
 */
export async function followClaimed(deps: WorkerDeps, id: string, holder: string, opts: FollowOptions): Promise<StepOutcome> {
  const until = Date.now() + opts.budgetMs;
  for (;;) {
    const stepMs = Math.min(opts.stepMs, Math.max(until - Date.now(), 500));
    let outcome: StepOutcome;
    try {
      outcome = await stepDeployment(deps, id, holder, { ...opts, stepMs });
    } catch (err) {
      // The database itself failed: the lease lapses and another instance (or the next tick) resumes.
      console.error("[deployments] step failed:", err instanceof Error ? err.message.slice(0, 200) : "error");
      return "lost";
    }
    if (outcome === "done" || outcome === "lost") return outcome;
    if (outcome === "wait" || Date.now() >= until || opts.signal?.aborted) {
      await releaseLease(deps.db, id, holder).catch(() => {});
      return outcome;
    }
  }
}

/**
 * What the cron route and the timer call: claims what is due (up to `limit`) and follows each
 * concurrently for the slice. Safe on many instances at once: each deployment has one holder.
 */
export async function runFollowers(deps: WorkerDeps, opts: FollowOptions & { limit?: number }): Promise<{ followed: number }> {
  const claimed = await claimDue(deps.db, opts.leaseSeconds, opts.limit ?? 10);
  await Promise.all(claimed.map((c) => followClaimed(deps, c.id, c.holder, opts)));
  return { followed: claimed.length };
}

/** The streaming route's slice: follows this one deployment while someone watches, if it is due and free. */
export async function driveDeployment(deps: WorkerDeps, id: string, opts: FollowOptions): Promise<void> {
  const [claim] = await claimDue(deps.db, opts.leaseSeconds, 1, id);
  if (claim) await followClaimed(deps, claim.id, claim.holder, opts);
}

/** Embedded mode at start-up: this process is the database's only client, so no lease can be live. */
export async function releaseAllLeases(db: Db): Promise<void> {
  await db.query(`update deployments set lease_holder = null, lease_expires_at = null where lease_holder is not null`);
}
