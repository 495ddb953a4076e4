import type { Db } from "@/lib/db/types";
import { webhookEventFor, type WebhookEvent } from "@/lib/webhooks/event-map";
import { EVENT_TYPES, type EventData, type EventType } from "./types";

/** The one NOTIFY channel (public.append_event names it too); a payload is "<org id>:<event id>" and nothing else (read the row for the rest). */
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
  const prepared = prepareEvent(event);
  const write = () => insertEvent(db, event.orgId, prepared);
  if (db.beforeCommit) db.beforeCommit(write);
  else await write(); // outside a transaction: a statement is its own
}

/** An event checked and ready to write: its audience, payload and webhook, if outgoing webhooks carry it. */
export interface PreparedEvent { type: EventType; audience: string; data: string; hook: WebhookEvent | null }

/** Parses the payload against its type and picks the webhook event, for a caller that writes the row in its own statement (store.ts). */
export function prepareEvent<T extends EventType>(event: NewEvent<T>): PreparedEvent {
  const spec = EVENT_TYPES[event.type];
  // A shape mismatch is a programming error: fail the caller's transaction rather than stream it.
  const parsed = spec.data.parse(event.data) as EventData<T>;
  return { type: event.type, audience: spec.audience, data: JSON.stringify(parsed), hook: webhookEventFor(event.type, parsed) };
}

// The counter, the row, the outbox and pg_notify in one statement: public.append_event (20261203143000_one_statement_writes.sql).
async function insertEvent(db: Db, orgId: string, e: PreparedEvent): Promise<void> {
  await db.query(`/* writes */ select public.append_event($1, $2, $3, $4::jsonb, $5, $6::jsonb)`,
    [orgId, e.type, e.audience, e.data, e.hook?.type ?? null, e.hook ? JSON.stringify(e.hook.data) : null]);
}

