import pg from "pg";
import type { Db } from "./types";

export function openPostgres(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server or a pooler closes (restart, idle timeout, terminate) emits
  // 'error' on the pool; unhandled, that would crash the process. The pool replaces it on demand.
  pool.on("error", (err: Error & { code?: string }) => console.error(`[db] idle connection closed: ${err.code ?? err.name}`));
  return {
    query: async (sql, params) => ({ rows: (await pool.query(sql, params as unknown[])).rows }),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      const hooks: (() => Promise<void>)[] = [];
      try {
        await client.query("begin");
        const result = await fn(clientDb(client, hooks));
        for (const hook of hooks) await hook();
        await client.query("commit");
        return result;
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function clientDb(client: pg.PoolClient, hooks: (() => Promise<void>)[]): Db {
  return {
    query: async (sql, params) => ({ rows: (await client.query(sql, params as unknown[])).rows }),
    exec: async (sql) => void (await client.query(sql)),
    transaction: (fn) => fn(clientDb(client, hooks)),
    close: async () => {},
    beforeCommit: (hook) => void hooks.push(hook),
  };
}
