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
 * Appends an event as part of the caller's transaction: pass the transaction that makes the change.
 * The row is written as that transaction's last work before commit (Db.beforeCommit), wherever
 * the call sits in it: taking the next id locks the org's counter row until commit (see the
 * migration, 20261203084000_events.sql), which is what makes ids commit in order, so it is held
 * for the commit only, never across a provider or key-service call, and after every other lock
 * the transaction takes (no lock-order deadlock). pg_notify runs in the same statement, so the
 * notification goes out at commit and never for a change that rolled back (PostgreSQL and PGlite
 * alike). The audience comes from the event's type, not the caller.
 */
export async function appendEvent<T extends EventType>(db: Db, event: NewEvent<T>): Promise<void> {
  const spec = EVENT_TYPES[event.type];
  // A shape mismatch is a programming error: fail the caller's transaction rather than stream it.
  const data = JSON.stringify(spec.data.parse(event.data));
  const write = () => insertEvent(db, event.orgId, event.type, spec.audience, data);
  if (db.beforeCommit) db.beforeCommit(write);
  else await write(); // outside a transaction: a statement is its own
}

async function insertEvent(db: Db, orgId: string, type: string, audience: string, data: string): Promise<void> {
  await db.query(
    `with next as (
       insert into event_counters (org_id, last_id) values ($1, 1)
       on conflict (org_id) do update set last_id = event_counters.last_id + 1
       returning last_id
     ), added as (
       insert into events (org_id, id, type, audience, data)
       select $1, last_id, $2, $3, $4::jsonb from next
       returning id
     )
     select pg_notify('${EVENTS_CHANNEL}', $1::text || ':' || id::text) from added`,
    [orgId, type, audience, data],
  );
}
