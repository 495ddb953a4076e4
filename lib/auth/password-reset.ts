import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { writeAudit, type Actor, type AuditOutcome } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { clearAccountAttempts } from "./local";
import { hashPassword } from "./password";

/** How long a reset code works if nobody uses it. */
export const RESET_MINUTES = 30;

/** sbr_ and 24 random bytes in base64url: long enough that guessing one is hopeless. */
export const resetCodeSchema = z.string().trim().regex(/^sbr_[A-Za-z0-9_-]{32}$/, "A reset code is sbr_ followed by 32 letters, digits, - or _; copy the whole code.");

const hashCode = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

/** Who hands the code over: an owner of the org, from its members page, or the operator's command. */
export type Issuer = { kind: "owner"; ownerId: string; orgId: string } | { kind: "operator" };

export type IssueResult =
  | { ok: true; code: string; email: string; expiresAt: Date }
  | { ok: false; reason: "no_account" | "not_member" | "other_orgs" | "owner" };

// Every org the person belongs to gets the event: each one's admins may want to know.
async function auditEverywhere(tx: Db, actor: Actor, userId: string, action: "member.reset_code" | "member.password_reset", outcome: AuditOutcome, email: string) {
  const { rows } = await tx.query<{ orgId: string }>(`select org_id as "orgId" from memberships where user_id = $1`, [userId]);
  for (const { orgId } of rows) await writeAudit(tx, actor, { orgId, action, outcome, metadata: { account: email } });
}

const isMember = async (tx: Db, orgId: string, userId: string) =>
  (await tx.query(`select 1 from memberships where org_id = $1 and user_id = $2`, [orgId, userId])).rows.length > 0;

/**
 * True when `ownerId` owns every org `userId` belongs to. Only then may they reset that person's
 * password: otherwise the owner of one org could take over an account that is also an owner
 * somewhere they have no say.
 */
async function ownsAllOrgsOf(tx: Db, ownerId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(
    `select not exists (
       select 1 from memberships t where t.user_id = $2
          and not exists (select 1 from memberships o where o.org_id = t.org_id and o.user_id = $1 and o.role = 'owner')
     ) as ok`,
    [ownerId, userId],
  );
  return rows[0].ok;
}

/**
 * True when `userId` owns some org. An owner's code is never for another owner: owners of one org
 * are peers, and a code would let one sign in as the other (sessions ended, every later audit row
 * in their name) rather than only demote or remove them, which the other can see and undo.
 */
const isOwnerSomewhere = async (tx: Db, userId: string) =>
  (await tx.query(`select 1 from memberships where user_id = $1 and role = 'owner' limit 1`, [userId])).rows.length > 0;

/**
 * A one-time code that lets the person choose a new password (local accounts only: Supabase
 * resets by email). Returned once; only its hash is kept. Ends any older code of theirs.
 */
export async function issueResetCode(db: Db, actor: Actor, target: { userId: string } | { email: string }, issuer: Issuer): Promise<IssueResult> {
  const code = `sbr_${randomBytes(24).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const { rows: users } = await tx.query<{ id: string; email: string }>(
      "userId" in target ? `select id, email from users where id = $1 for update` : `select id, email from users where lower(email) = lower($1) for update`,
      ["userId" in target ? target.userId : target.email],
    );
    const user = users[0];
    if (!user) return { ok: false, reason: "no_account" };
    if (issuer.kind === "owner") {
      if (!(await isMember(tx, issuer.orgId, user.id)) || user.id === issuer.ownerId) return { ok: false, reason: "not_member" };
      if (await isOwnerSomewhere(tx, user.id)) return { ok: false, reason: "owner" };
      if (!(await ownsAllOrgsOf(tx, issuer.ownerId, user.id))) return { ok: false, reason: "other_orgs" };
    }
    await tx.query(`update password_resets set revoked_at = now() where user_id = $1 and used_at is null and revoked_at is null`, [user.id]);
    const { rows } = await tx.query<{ expiresAt: Date }>(
      `insert into password_resets (user_id, code_hash, created_by, org_id, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(mins => $5)) returning expires_at as "expiresAt"`,
      [user.id, hashCode(code), issuer.kind === "owner" ? issuer.ownerId : null, issuer.kind === "owner" ? issuer.orgId : null, RESET_MINUTES],
    );
    await auditEverywhere(tx, actor, user.id, "member.reset_code", issuer.kind === "owner" ? "issued by owner" : "issued by operator", user.email);
    return { ok: true, code, email: user.email, expiresAt: rows[0].expiresAt };
  });
}

/**
 * Sets a new password with a reset code and uses the code up, in one transaction, and ends every
 * session the person had. An unknown, used, revoked or expired code gets one answer; so does an
 * owner's code once that owner no longer owns every org the person is in, or the person has become
 * an owner (checked again here, as the password changes, not only when the code was made).
 */
export async function redeemResetCode(db: Db, actor: Actor, code: string, password: string): Promise<{ ok: true; email: string } | { ok: false }> {
  const hash = await hashPassword(password); // outside the transaction: it takes a while on purpose
  const result = await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ userId: string; createdBy: string | null; orgId: string | null }>(
      `update password_resets set used_at = now()
        where code_hash = $1 and used_at is null and revoked_at is null and expires_at > now()
        returning user_id as "userId", created_by as "createdBy", org_id as "orgId"`,
      [hashCode(code)],
    );
    const reset = rows[0];
    if (!reset) return null;
    const byOwner = reset.orgId !== null;
    // Still a member of the org it was issued in: once they have left, the owner owns "all" of
    // their (no) orgs, and an old code would hand that owner their account.
    if (byOwner && !(reset.createdBy && (await isMember(tx, reset.orgId!, reset.userId)) && !(await isOwnerSomewhere(tx, reset.userId))
      && (await ownsAllOrgsOf(tx, reset.createdBy, reset.userId)))) return null;
    const { rows: users } = await tx.query<{ email: string }>(`update users set password_hash = $2 where id = $1 returning email`, [reset.userId, hash]);
    await tx.query(`update sessions set revoked_at = now() where user_id = $1 and revoked_at is null`, [reset.userId]);
    await auditEverywhere(tx, actor, reset.userId, "member.password_reset", byOwner ? "with owner's code" : "with operator's code", users[0].email);
    return users[0].email;
  });
  if (!result) return { ok: false };
  // They proved who they are: failed guesses before the reset no longer keep them out.
  await clearAccountAttempts(db, result);
  return { ok: true, email: result };
}
