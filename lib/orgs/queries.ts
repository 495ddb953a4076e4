import type { Db } from "@/lib/db/types";

export type Role = "owner" | "admin" | "member";

export interface Membership {
  orgId: string;
  slug: string;
  orgName: string;
  role: Role;
}

export async function getMembership(db: Db, userId: string, slug: string): Promise<Membership | null> {
  const { rows } = await db.query<Membership>(
    `select o.id as "orgId", o.slug, o.name as "orgName", m.role
       from organizations o join memberships m on m.org_id = o.id and m.user_id = $1
      where o.slug = $2`,
    [userId, slug],
  );
  return rows[0] ?? null;
}

/** The user's stored email and their membership in the org at `slug`, in one query; null when there is no such user. */
export async function getUserMember(
  db: Db, userId: string, slug: string,
): Promise<{ email: string; sessionsValidAfter: Date | null; membership: Membership | null } | null> {
  const { rows } = await db.query<Membership & { email: string; sessionsValidAfter: Date | null }>(
    `select u.email, u.sessions_valid_after as "sessionsValidAfter", o.id as "orgId", o.slug, o.name as "orgName", m.role
       from users u left join (organizations o join memberships m on m.org_id = o.id) on o.slug = $2 and m.user_id = u.id
      where u.id = $1`,
    [userId, slug],
  );
  const r = rows[0];
  return r ? { email: r.email, sessionsValidAfter: r.sessionsValidAfter, membership: membershipOf(r) } : null;
}

/** The membership in a row that left-joined one: null when the join found none. */
export const membershipOf = (r: { orgId: string | null; slug: string; orgName: string; role: Role }): Membership | null =>
  r.orgId ? { orgId: r.orgId, slug: r.slug, orgName: r.orgName, role: r.role } : null;

export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const { rows } = await db.query<Membership>(
    `select o.id as "orgId", o.slug, o.name as "orgName", m.role
       from memberships m join organizations o on o.id = m.org_id
      where m.user_id = $1 order by o.created_at`,
    [userId],
  );
  return rows;
}

/** Creates the org with its creator as owner; returns null when the slug is taken. */
export async function createOrg(db: Db, userId: string, name: string, slug: string): Promise<{ id: string; slug: string } | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into organizations (name, slug) values ($1, $2) on conflict (slug) do nothing returning id`,
      [name, slug],
    );
    if (!rows[0]) return null;
    await tx.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [rows[0].id, userId]);
    return { id: rows[0].id, slug };
  });
}

export async function addMember(db: Db, orgId: string, userId: string, role: Role): Promise<void> {
  await db.query(
    `insert into memberships (org_id, user_id, role) values ($1, $2, $3)
     on conflict (org_id, user_id) do update set role = excluded.role`,
    [orgId, userId, role],
  );
}
