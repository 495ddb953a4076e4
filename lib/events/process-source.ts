import "server-only";
import { env } from "@/lib/env";
import { postgresSource, type NotificationSource } from "./listeners";
import { shareSource } from "./shared-source";

// On globalThis so that dev-mode module reloads do not open a second connection.
const holder = globalThis as unknown as { __switchboardListen?: () => NotificationSource };

/**
 * Server mode: a handle on the process's one LISTEN connection, shared by the event feed and the
 * read cache. Each caller gets its own handle; its stop() leaves the connection to the others.
 */
export function processSource(): NotificationSource {
  if (!env.DATABASE_URL) throw new Error("processSource is for server mode (DATABASE_URL)");
  holder.__switchboardListen ??= shareSource(() =>
    postgresSource({ connectionString: env.DATABASE_LISTEN_URL ?? env.DATABASE_URL!, onError: (message) => console.error(message) }),
  );
  return holder.__switchboardListen();
}
