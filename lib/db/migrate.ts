import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "./types";

// Traced into deployments by outputFileTracingIncludes in next.config.mjs.
export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "supabase", "migrations");

/** Applies every not-yet-applied file in supabase/migrations, in name order, each in its own transaction. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.query(`create table if not exists public.schema_migrations (name text primary key, applied_at timestamptz not null default now())`);
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(path.join(/*turbopackIgnore: true*/ dir, name), "utf8");
    const done = await db.transaction(async (tx) => {
      // Several app instances may start at once against one server: serialise them.
      await tx.query(`select pg_advisory_xact_lock(7262024)`);
      const { rows } = await tx.query(`select 1 from public.schema_migrations where name = $1`, [name]);
      if (rows.length) return false;
      await tx.exec(sql);
      await tx.query(`insert into public.schema_migrations (name) values ($1)`, [name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

