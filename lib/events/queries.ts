import type { Db } from "@/lib/db/types";
import type { Audience, OrgEvent } from "./types";

interface Row {
  id: string;
  type: OrgEvent["type"];
  audience: Audience;
  data: OrgEvent["data"];
  createdAt: Date;
}

/** Ids travel as decimal strings: they are bigints, and Last-Event-ID is text anyway. */
export const EVENT_ID = /^(0|[1-9][0-9]{0,17})$/;

/**
 * The org's events after `afterId`, oldest first, that `audience` may see ('admin': all of them).
 * Ids become visible in order (see appendEvent), so consecutive calls miss nothing.
 */
export async function eventsSince(db: Db, orgId: string, afterId: string, audience: Audience, limit = 200): Promise<OrgEvent[]> {
  const { rows } = await db.query<Row>(
    `select id::text as id, type, audience, data, created_at as "createdAt" from events
      where org_id = $1 and id > $2::bigint and ($3 = 'admin' or audience = 'member')
      order by events.id limit $4`,
    [orgId, afterId, audience, limit],
  );
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

/** The org's newest event id, "0" before its first: where a stream starts when the client names none. */
export async function latestEventId(db: Db, orgId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`select coalesce(max(id), 0)::text as id from events where org_id = $1`, [orgId]);
  return rows[0].id;
}

/**
 * Where an org stream resumes: after `lastEventId` (checked against EVENT_ID by the caller), or
 * at the newest event when it names none or one past the newest, which only a database reset
 * since can explain.
 */
export async function resumeAfter(db: Db, orgId: string, lastEventId: string | null): Promise<bigint> {
  const latest = BigInt(await latestEventId(db, orgId));
  return lastEventId === null || BigInt(lastEventId) > latest ? latest : BigInt(lastEventId);
}
