import "server-only";
import { after } from "next/server";
import { writeAudit, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import type { Role } from "@/lib/orgs/queries";
import { addressBucket } from "./address-limit";
import { takeSlot } from "./attempts";

// Attacks leave a trace in the audit log, but an attacker cannot flood it: at most one record a
// minute per actor and target, and at most 10 a minute per target (sign-in) or actor (refused
// calls), each counted atomically like every other limit.
const ONE_A_MINUTE = { limit: 1, windowSeconds: 60 };
const TEN_A_MINUTE = { limit: 10, windowSeconds: 60 };
// What an org's address can be (the organizations table's check): anything else names no org.
const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

async function mayRecord(db: Db, specific: string, overall: string): Promise<boolean> {
  return (await takeSlot(db, specific, ONE_A_MINUTE)).ok && (await takeSlot(db, overall, TEN_A_MINUTE)).ok;
}

/**
 * Runs `task` once the answer has gone out: its cost (and whether it wrote anything) cannot show
 * in the answer's timing. A failure is logged, never shown to anyone.
 */
export function afterAnswer(task: () => Promise<void>): void {
  const guarded = async () => {
    try {
      await task();
    } catch (err) {
      console.error("[trace]", err instanceof Error ? err.message.slice(0, 200) : "failed");
    }
  };
  try {
    after(guarded); // keeps a serverless function alive until the task is done
  } catch {
    void guarded(); // outside a request (a script): not awaited, which is all the timing needs
  }
}

/**
 * A failed sign-in, in the audit log of every org the account belongs to (none when no account
 * has that address), with the address it came from. `outcome`: the password was wrong, or the
 * account was locked and it was not looked at.
 */
export async function traceFailedSignIn(db: Db, actor: Actor, email: string, outcome: "wrong password" | "locked"): Promise<void> {
  const account = email.toLowerCase();
  if (!(await mayRecord(db, `trace:sign-in:${account}:${addressBucket(actor.ip)}`, `trace:sign-in:${account}`))) return;
  const { rows } = await db.query<{ orgId: string; email: string }>(
    `select m.org_id as "orgId", u.email from users u join memberships m on m.user_id = u.id where lower(u.email) = $1`,
    [account],
  );
  for (const r of rows) await writeAudit(db, { ...actor, userId: null }, { orgId: r.orgId, action: "auth.sign_in_failed", outcome, metadata: { account: r.email } });
}

/**
 * A server action refused by authorizeOrg: recorded in the org at `slug` when there is one, so
 * its admins see who tried. Run it with afterAnswer: the caller gets the same answer, at the same
 * speed, whether the org exists or not, and never sees the record (the log is admins' only).
 */
export async function traceRefusedAction(db: Db, actor: Actor & { userId: string }, slug: string, reason: "not_member" | "role", need: Role): Promise<void> {
  const target = slug.toLowerCase();
  if (!SLUG.test(target)) return;
  if (!(await mayRecord(db, `trace:refused:${actor.userId}:${target}`, `trace:refused:${actor.userId}`))) return;
  const { rows } = await db.query<{ id: string }>(`select id from organizations where slug = $1`, [target]);
  if (rows[0]) await writeAudit(db, actor, { orgId: rows[0].id, action: "access.refused", outcome: reason === "role" ? `needs ${need}` : "not a member" });
}

/**
 * A REST call whose key belongs to another org (org_forbidden): recorded in the key's own org,
 * which is the org whose key is being used to probe, and says which org was asked for. The
 * other org's log gets nothing: finding it would take a lookup, which the answer must not depend on.
 */
export async function traceRefusedApiCall(db: Db, actor: Actor, keyId: string, keyOrgId: string, requestedSlug: string): Promise<void> {
  const lower = requestedSlug.toLowerCase();
  const slug = SLUG.test(lower) ? lower : null;
  if (!(await mayRecord(db, `trace:api-refused:${keyId}:${slug ?? "(other)"}`, `trace:api-refused:${keyId}`))) return;
  await writeAudit(db, actor, {
    orgId: keyOrgId, action: "access.refused", outcome: "org forbidden",
    metadata: { requested_org: slug ?? "(not an org address)" },
  });
}
