import type { Db } from "@/lib/db/types";
import { EVENT_TYPES, type EventData, type EventType } from "./types";

/** The one NOTIFY channel; a payload is "<org id>:<event id>" and nothing else (read the row for the rest). */
export const EVENTS_CHANNEL = "switchboard_events";

export interface NewEvent<T extends EventType> {
  orgId: string;
  type: T;
  data: EventData<T>;
}

/**
 * Appends an event. Call it with the transaction that makes the change, as late in it as you can:
 * the org's counter row stays locked until commit (see the migration, 20261203084000_events.sql),
 * which is what makes ids commit in order. pg_notify runs in the same transaction, so the
 * notification goes out at commit and never for a change that rolled back (PostgreSQL and PGlite
 * alike). The audience comes from the event's type, not the caller. Returns the new id.
 */
export async function appendEvent<T extends EventType>(db: Db, event: NewEvent<T>): Promise<string> {
  const spec = EVENT_TYPES[event.type];
  // A shape mismatch is a programming error: fail the caller's transaction rather than stream it.
  const data = spec.data.parse(event.data);
  const { rows } = await db.query<{ id: string }>(
    `with next as (
       insert into event_counters (org_id, last_id) values ($1, 1)
       on conflict (org_id) do update set last_id = event_counters.last_id + 1
       returning last_id
     ), added as (
       insert into events (org_id, id, type, audience, data)
       select $1, last_id, $2, $3, $4::jsonb from next
       returning id
     )
     select id::text as id, pg_notify('${EVENTS_CHANNEL}', $1::text || ':' || id::text) from added`,
    [event.orgId, event.type, spec.audience, JSON.stringify(data)],
  );
  return rows[0].id;
}
