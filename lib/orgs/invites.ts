import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { writeAudit, type Actor } from "@/lib/audit";
import { checkPlanLimit, PlanLimitError, type PlanLimitHit } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import type { Role } from "./queries";
import { appendEvent } from "@/lib/events/append";

/** How long a code works if nobody uses or revokes it. */
export const INVITE_DAYS = 7;

/** sbi_ and 24 random bytes in base64url: long enough that guessing one is hopeless. */
export const inviteCodeSchema = z.string().trim().regex(/^sbi_[A-Za-z0-9_-]{32}$/, "An invite code is sbi_ followed by 32 letters, digits, - or _; copy the whole code.");

const hashCode = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

export interface InviteRow {
  id: string;
  role: Exclude<Role, "owner">;
  note: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewInvite {
  orgId: string;
  role: Exclude<Role, "owner">;
  note: string;
  createdBy: string;
}

/**
 * Creates an invitation and its audit event together; the code is returned once and never stored.
 * Throws PlanLimitError when members and open invitations already fill the plan's seats.
 */
export async function createInvite(db: Db, actor: Actor, input: NewInvite): Promise<{ code: string; row: InviteRow }> {
  const code = `sbi_${randomBytes(24).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const hit = await checkPlanLimit(tx, input.orgId, "members", { withOpenInvites: true });
    if (hit) throw new PlanLimitError(hit);
    const { rows } = await tx.query<InviteRow>(
      `insert into invitations (org_id, role, note, code_hash, created_by, expires_at)
       values ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
       returning id, role, note, created_at as "createdAt", expires_at as "expiresAt"`,
      [input.orgId, input.role, input.note, hashCode(code), input.createdBy, INVITE_DAYS],
    );
    await writeAudit(tx, actor, { orgId: input.orgId, action: "member.invite", outcome: input.role, metadata: { invite_id: rows[0].id, note: input.note } });
    await appendEvent(tx, { orgId: input.orgId, type: "invitation.created", data: { invitationId: rows[0].id, role: input.role } });
    return { code, row: rows[0] };
  });
}

/** Invitations nobody has used, revoked or let expire, newest first. */
export async function listOpenInvites(db: Db, orgId: string): Promise<InviteRow[]> {
  const { rows } = await db.query<InviteRow>(
    `select id, role, note, created_at as "createdAt", expires_at as "expiresAt" from invitations
      where org_id = $1 and accepted_at is null and revoked_at is null and expires_at > now() order by created_at desc`,
    [orgId],
  );
  return rows;
}

/** Revokes an open invitation of this org, audited; false when there is none. */
export async function revokeInvite(db: Db, actor: Actor, orgId: string, inviteId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ note: string }>(
      `update invitations set revoked_at = now()
        where org_id = $1 and id = $2 and accepted_at is null and revoked_at is null and expires_at > now() returning note`,
      [orgId, inviteId],
    );
    if (rows[0]) {
      await writeAudit(tx, actor, { orgId, action: "member.invite_revoke", outcome: "revoked", metadata: { invite_id: inviteId, note: rows[0].note } });
      await appendEvent(tx, { orgId, type: "invitation.revoked", data: { invitationId: inviteId } });
    }
    return rows.length > 0;
  });
}

export type AcceptResult =
  | { ok: true; slug: string; orgName: string; role: Exclude<Role, "owner"> }
  | { ok: false; reason: "unusable" | "already_member"; slug?: string }
  | { ok: false; reason: "plan_limit"; hit: PlanLimitHit; orgName: string };

/**
 * Joins the caller to the code's org with its role, using the code up, in one transaction. An
 * unknown, used, revoked or expired code gets one answer, so the reply says nothing about which;
 * so does a code whose creator is no longer an owner or admin there. Someone who is already a
 * member keeps their role and leaves the code for its intended person.
 */
export async function acceptInvite(db: Db, actor: Actor, userId: string, code: string): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; orgId: string; role: Exclude<Role, "owner">; slug: string; orgName: string }>(
      `select i.id, i.org_id as "orgId", i.role, o.slug, o.name as "orgName"
         from invitations i join organizations o on o.id = i.org_id
         join memberships creator on creator.org_id = i.org_id and creator.user_id = i.created_by and creator.role in ('owner', 'admin')
        where i.code_hash = $1 and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
        for update of i`,
      [hashCode(code)],
    );
    const invite = rows[0];
    if (!invite) return { ok: false, reason: "unusable" };
    // The code stays unused: once the org is under its seat limit again, it still works.
    const hit = await checkPlanLimit(tx, invite.orgId, "members");
    if (hit) return { ok: false, reason: "plan_limit", hit, orgName: invite.orgName };
    // on conflict, not a check beforehand: two codes for one org redeemed at once must not both insert.
    const joined = await tx.query(`insert into memberships (org_id, user_id, role) values ($1, $2, $3) on conflict do nothing returning user_id`, [invite.orgId, userId, invite.role]);
    if (joined.rows.length === 0) return { ok: false, reason: "already_member", slug: invite.slug };
    await tx.query(`update invitations set accepted_by = $2, accepted_at = now() where id = $1`, [invite.id, userId]);
    await writeAudit(tx, actor, { orgId: invite.orgId, action: "member.join", outcome: invite.role, metadata: { invite_id: invite.id } });
    await appendEvent(tx, { orgId: invite.orgId, type: "member.joined", data: { userId, role: invite.role } });
    return { ok: true, slug: invite.slug, orgName: invite.orgName, role: invite.role };
  });
}
