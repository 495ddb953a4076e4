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

/** Removes a member; the last owner cannot be removed, so an org is never left without one. */
export async function removeMember(db: Db, orgId: string, userId: string): Promise<"removed" | "not_found" | "last_owner"> {
  return db.transaction(async (tx) => {
    // Lock every owner row first: two owners removing each other at once would otherwise both
    // count two owners and both succeed. The second now waits and then counts one.
    await tx.query(`select 1 from memberships where org_id = $1 and role = 'owner' for update`, [orgId]);
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
