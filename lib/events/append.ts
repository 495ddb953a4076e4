import type { Db } from "@/lib/db/types";
import { webhookEventFor, type WebhookEvent } from "@/lib/webhooks/event-map";
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
 *
 * An event that outgoing webhooks carry (lib/webhooks/event-map.ts) also fills the webhook
 * outbox, one delivery per enabled subscription of the org that asked for its type, in the same
 * statement: the event, its deliveries and the change commit together or not at all.
 */
export async function appendEvent<T extends EventType>(db: Db, event: NewEvent<T>): Promise<void> {
  const spec = EVENT_TYPES[event.type];
  // A shape mismatch is a programming error: fail the caller's transaction rather than stream it.
  const parsed = spec.data.parse(event.data) as EventData<T>;
  const data = JSON.stringify(parsed);
  const hook = webhookEventFor(event.type, parsed);
  const write = () => insertEvent(db, event.orgId, event.type, spec.audience, data, hook);
  if (db.beforeCommit) db.beforeCommit(write);
  else await write(); // outside a transaction: a statement is its own
}

async function insertEvent(db: Db, orgId: string, type: string, audience: string, data: string, hook: WebhookEvent | null): Promise<void> {
  // The payload's timestamp is the event's own time, so a replay sends the same body.
  const outbox = hook
    ? `, queued as (
         insert into webhook_deliveries (org_id, subscription_id, event_type, payload)
         select $1, s.id, $5::text, jsonb_build_object('type', $5::text,
             'timestamp', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', $6::jsonb)
           from added a join webhook_subscriptions s on s.org_id = $1 and s.disabled_at is null and $5::text = any(s.event_types)
       )`
    : "";
  await db.query(
    `with next as (
       insert into event_counters (org_id, last_id) values ($1, 1)
       on conflict (org_id) do update set last_id = event_counters.last_id + 1
       returning last_id
     ), added as (
       insert into events (org_id, id, type, audience, data)
       select $1, last_id, $2, $3, $4::jsonb from next
       returning id, created_at
     )${outbox}
     select pg_notify('${EVENTS_CHANNEL}', $1::text || ':' || id::text) from added`,
    hook ? [orgId, type, audience, data, hook.type, JSON.stringify(hook.data)] : [orgId, type, audience, data],
  );
}
