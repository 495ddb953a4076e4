import pg from "pg";
import { isDatabaseUnavailable, noteDatabase } from "./availability";
import type { ChangeStamp } from "./changes";
import { isPlainRead } from "./read-through";
import type { Db } from "./types";

/** Runs one call against the server, noting whether the database answered (lib/db/availability.ts). */
async function noted<T>(fn: () => Promise<T>): Promise<T> {
  try {
    const out = await fn();
    noteDatabase(true);
    return out;
  } catch (err) {
    if (isDatabaseUnavailable(err)) noteDatabase(false);
    throw err;
  }
}

/**
 * A pool. With `changes` (the process's change watcher), reads may be re-used (Db.writes): the
 * count then moves with every change another instance commits and, for this process's own writes,
 * as each write statement or writing transaction finishes, so what this process wrote is read back
 * at once, before its notification comes round.
 */
export function openPostgres(connectionString: string, max = 10, changes?: ChangeStamp): Db {
  const pool = new pg.Pool({ connectionString, max });
  let written = 0;
  const counted = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    if (isPlainRead(sql)) return run();
    try {
      return await run();
    } finally {
      written++; // after it finished: a read that began before is filed under the older count
    }
  };
  // An idle connection the server or a pooler closes (restart, idle timeout, terminate) emits
  // 'error' on the pool; unhandled, that would crash the process. The pool replaces it on demand.
  // A server shutting down closes idle connections first: noting it here lets the next page
  // request answer 503 at once (proxy.ts) instead of failing mid-render.
  pool.on("error", (err: Error & { code?: string }) => {
    if (isDatabaseUnavailable(err)) noteDatabase(false);
    console.error(`[db] idle connection closed: ${err.code ?? err.name}`);
  });
  return {
    query: async (sql, params) => ({ rows: (await counted(sql, () => noted(() => pool.query(sql, params as unknown[])))).rows }),
    exec: async (sql) => void (await counted("", () => noted(() => pool.query(sql)))),
    async transaction(fn) {
      const client = await noted(() => pool.connect());
      const hooks: (() => Promise<void>)[] = [];
      let broken: Error | undefined;
      // While checked out, the pool does not listen to its client: a connection ending now emits an
      // 'error' nobody handled (which takes the process down). Noted here, and the client destroyed.
      const onError = (err: Error) => {
        broken ??= err;
        noteDatabase(false);
      };
      client.on("error", onError);
      const wrote = { any: false };
      try {
        await client.query("begin");
        const result = await fn(clientDb(client, hooks, wrote));
        for (const hook of hooks) await hook();
        await client.query("commit");
        return result;
      } catch (err) {
        if (isDatabaseUnavailable(err)) {
          broken = err as Error;
          noteDatabase(false);
        }
        await client.query("rollback").catch((e: Error) => void (broken ??= e));
        throw err;
      } finally {
        // A connection that died under this transaction is destroyed, not handed back: released as
        // idle, it failed every later query of whoever got it ("not queryable") until it sat idle
        // for 10 s, which under load it never did (the soak's restart left an instance failing).
        client.off("error", onError);
        client.release(broken);
        if (wrote.any) written++; // once committed (or rolled back), as with a single statement
      }
    },
    close: async () => {
      await pool.end();
      await changes?.stop();
    },
    writes: changes && (() => {
      const stamp = changes.stamp();
      // Both only grow, so the sum moves whenever either does.
      return stamp === null ? undefined : stamp + written;
    }),
  };
}

function clientDb(client: pg.PoolClient, hooks: (() => Promise<void>)[], wrote: { any: boolean }): Db {
  const note = (sql: string) => void (isPlainRead(sql) || (wrote.any = true));
  return {
    query: async (sql, params) => (note(sql), { rows: (await client.query(sql, params as unknown[])).rows }),
    exec: async (sql) => (note(""), void (await client.query(sql))),
    transaction: (fn) => fn(clientDb(client, hooks, wrote)),
    close: async () => {},
    beforeCommit: (hook) => void hooks.push(hook),
  };
}
