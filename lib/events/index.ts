import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createEventFeed, type EventFeed } from "./feed";
import { pgliteSource, postgresSource } from "./listeners";

// One feed, and so one LISTEN connection, per process however many streams are open. On
// globalThis so that dev-mode module reloads do not open a second one.
const holder = globalThis as unknown as { __switchboardEvents?: Promise<EventFeed> };

export function getEventFeed(): Promise<EventFeed> {
  holder.__switchboardEvents ??= (async () => {
    const db = await getDb();
    const source = env.DATABASE_URL
      ? postgresSource({ connectionString: env.DATABASE_LISTEN_URL ?? env.DATABASE_URL, onError: (message) => console.error(message) })
      : pgliteSource(db);
    return createEventFeed(db, source);
  })();
  return holder.__switchboardEvents;
}
