import "server-only";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { processSource } from "@/lib/events/process-source";
import { migrate } from "./migrate";
import { openPglite } from "./pglite";
import { openServer } from "./open-server";
import type { Db } from "./types";

export type { Db } from "./types";

// One connection (pool) per process, migrated before first use. Kept on globalThis so that
// dev-mode module reloads do not open a second PGlite on the same data directory.
const holder = globalThis as unknown as { __switchboardDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  holder.__switchboardDb ??= open().catch((err) => {
    holder.__switchboardDb = undefined;
    throw err;
  });
  return holder.__switchboardDb;
}

async function open(): Promise<Db> {
  if (env.DATABASE_URL) {
    return openServer(env.DATABASE_URL, processSource());
  }
  const dir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR, "pglite");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = await openPglite(dir);
  await migrate(db);
  return db;
}
