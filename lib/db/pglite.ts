import { PGlite, type Transaction } from "@electric-sql/pglite";
import type { Db } from "./types";

// PGlite is single-connection: one instance per process, and its own mutex serialises
// queries and whole transactions, so a transaction never interleaves with another caller.
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  return {
    query: async (sql, params) => ({ rows: (await pg.query(sql, params)).rows as never[] }),
    exec: async (sql) => void (await pg.exec(sql)),
    transaction: (fn) => pg.transaction((tx) => fn(wrapTx(tx))),
    close: () => pg.close(),
  };
}

function wrapTx(tx: Transaction): Db {
  return {
    query: async (sql, params) => ({ rows: (await tx.query(sql, params)).rows as never[] }),
    exec: async (sql) => void (await tx.exec(sql)),
    // Already inside a transaction: run inline rather than nesting.
    transaction: (fn) => fn(wrapTx(tx)),
    close: async () => {},
  };
}
