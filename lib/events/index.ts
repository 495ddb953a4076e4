import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { createEventFeed, type EventFeed } from "./feed";
import { pgliteSource } from "./listeners";
import { processSource } from "./process-source";

// One feed per process however many streams are open, on the process's one LISTEN connection.
// On globalThis so that dev-mode module reloads do not open a second one.
const holder = globalThis as unknown as { __switchboardEvents?: Promise<EventFeed> };

export function getEventFeed(): Promise<EventFeed> {
  holder.__switchboardEvents ??= (async () => {
    const db = await getDb();
    const source = env.DATABASE_URL ? processSource() : pgliteSource(db);
    return createEventFeed(db, source);
  })();
  return holder.__switchboardEvents;
}
