import type { Db } from "@/lib/db/types";
import type { Role } from "./queries";
import { appendEvent } from "@/lib/events/append";

export interface MemberRow {
  userId: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: Db, orgId: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `select u.id as "userId", u.email, m.role, m.created_at as "joinedAt"
       from memberships m join users u on u.id = m.user_id
      where m.org_id = $1 order by m.created_at`,
    [orgId],
  );
  return rows;
}

/**
 * Removes a member; the last owner cannot be removed, so an org is never left without one. With
 * byOwner, the owner acting: one demoted or removed since the action checked their role is refused
 * (their row is among the owner rows locked here), as in changeMemberRole.
 */
export async function removeMember(db: Db, orgId: string, userId: string, byOwner?: string): Promise<"removed" | "not_found" | "last_owner" | "not_owner"> {
  return db.transaction(async (tx) => {
    // Lock every owner row first: two owners removing each other at once would otherwise both
    // count two owners and both succeed. The second now waits and then counts one.
    // Ordered by user_id, as changeMemberRole takes them: two transactions locking the same rows
    // in different orders could deadlock.
    const owners = await tx.query<{ userId: string }>(
      `select user_id as "userId" from memberships where org_id = $1 and role = 'owner' order by user_id for update`, [orgId]);
    if (byOwner && !owners.rows.some((r) => r.userId === byOwner)) return "not_owner";
    const { rows } = await tx.query<{ role: Role; owners: number }>(
      `select m.role, (select count(*)::int from memberships where org_id = $1 and role = 'owner') as owners
         from memberships m where m.org_id = $1 and m.user_id = $2 for update`,
      [orgId, userId],
    );
    if (!rows[0]) return "not_found";
    if (rows[0].role === "owner" && rows[0].owners <= 1) return "last_owner";
    await tx.query(`delete from memberships where org_id = $1 and user_id = $2`, [orgId, userId]);
    // Their open event streams end on this (lib/events/stream.ts).
    await appendEvent(tx, { orgId, type: "member.removed", data: { userId } });
    // Codes they created would otherwise let them back in, at the role they chose.
    await tx.query(`update invitations set revoked_at = now() where org_id = $1 and created_by = $2 and accepted_at is null and revoked_at is null`, [orgId, userId]);
    return "removed";
  });
}

export type RoleChange =
  | { kind: "changed"; email: string; from: Role; to: Role }
  | { kind: "unchanged"; email: string; role: Role }
  | { kind: "not_found" }
  | { kind: "last_owner" }
  | { kind: "not_owner" };

/**
 * Gives a member another role, for an owner (`ownerId`). Never demotes the last owner, and stays
 * correct when two owners demote each other at once: both take the org's owner rows first, so the
 * second waits for the first to commit and then counts one owner left. The caller's own owner
 * row is among them, so an owner demoted a moment ago by someone else cannot act on the authority
 * the action checked before that commit.
 */
export async function changeMemberRole(db: Db, orgId: string, ownerId: string, userId: string, role: Role): Promise<RoleChange> {
  return db.transaction(async (tx) => {
    // Ordered, so two of these (or one and removeMember) lock the same rows in the same order.
    // After waiting, READ COMMITTED re-reads each locked row: one demoted or removed meanwhile drops out.
    const owners = (await tx.query<{ userId: string }>(
      `select user_id as "userId" from memberships where org_id = $1 and role = 'owner' order by user_id for update`, [orgId],
    )).rows.map((r) => r.userId);
    if (!owners.includes(ownerId)) return { kind: "not_owner" };
    const { rows } = await tx.query<{ role: Role; email: string }>(
      `select m.role, u.email from memberships m join users u on u.id = m.user_id where m.org_id = $1 and m.user_id = $2 for update of m`,
      [orgId, userId],
    );
    if (!rows[0]) return { kind: "not_found" };
    const { role: from, email } = rows[0];
    if (from === role) return { kind: "unchanged", email, role };
    if (from === "owner" && owners.length <= 1) return { kind: "last_owner" };
    // API keys they created are revoked by the memberships trigger when they leave owner/admin
    // (20261203084700_api_keys_follow_creator.sql), in this same transaction.
    await tx.query(`update memberships set role = $3 where org_id = $1 and user_id = $2`, [orgId, userId, role]);
    if (role === "member") {
      // A member cannot invite, so codes they made would only lie in the list looking usable
      // (acceptInvite already refuses a code whose creator is no longer an owner or admin).
      const revoked = await tx.query<{ id: string }>(
        `update invitations set revoked_at = now() where org_id = $1 and created_by = $2 and accepted_at is null and revoked_at is null returning id`,
        [orgId, userId],
      );
      for (const { id } of revoked.rows) await appendEvent(tx, { orgId, type: "invitation.revoked", data: { invitationId: id } });
    }
    // Open event streams of that person re-check their role on this (lib/events/stream.ts) and
    // reconnect for the other audience; members pages everywhere refresh (LiveRefresh "member.").
    await appendEvent(tx, { orgId, type: "member.role_changed", data: { userId, role, previous: from } });
    return { kind: "changed", email, from, to: role };
  });
}
