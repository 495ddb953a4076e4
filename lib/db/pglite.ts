import { Mutex, parse, PGlite, protocol, type Transaction } from "@electric-sql/pglite";
import { isPlainRead } from "./read-through";
import type { Db } from "./types";

// PGlite runs Postgres inside this process, so its planner's time is the page's time: planning a
// four-table join takes about 1 ms there, against 0.1 ms to run it from a saved plan. So each
// distinct query text is prepared once under a name and re-used, as node-postgres does for named
// queries. The texts are the app's own constants; past MAX_PREPARED they run unprepared.
const MAX_PREPARED = 500;
const { serialize } = protocol;
const NO_SYNC = { syncToFs: false } as const;

type Queryable = Pick<Transaction, "query" | "exec">;

interface Prepared {
  name: string;
  paramTypes: number[];
}

// PGlite is single-connection. `lock` is held by every top-level query and by each whole
// transaction, so a query never runs inside someone else's open transaction.
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  const lock = new Mutex();
  let statements = new Map<string, Prepared>();
  let generation = 0;
  // For readThrough: counted as each statement runs, ahead of any commit. readThrough notes the
  // count before it reads, so an answer is only ever filed under a count no newer than the data
  // it saw; at worst that costs a re-read. Only plain selects are reads (none of this app's
  // selects calls anything that writes).
  let writes = 0;
  const noteWrite = (sql: string) => void (isPlainRead(sql) || writes++);

  async function prepare(sql: string): Promise<Prepared | undefined> {
    const known = statements.get(sql);
    if (known || statements.size >= MAX_PREPARED) return known;
    const name = `sb_${generation}_${statements.size}`;
    try {
      await pg.execProtocol(serialize.parse({ name, text: sql }), NO_SYNC);
      const described = await pg.execProtocol(serialize.describe({ type: "S", name }), NO_SYNC);
      const prepared = { name, paramTypes: parse.parseDescribeStatementResults(described.messages) };
      statements.set(sql, prepared);
      return prepared;
    } finally {
      await pg.execProtocol(serialize.sync(), NO_SYNC);
    }
  }

  /** Runs sql from its saved plan; `fallback` runs it unprepared once MAX_PREPARED texts are saved. */
  async function run(sql: string, params: unknown[], fallback: Queryable): Promise<{ rows: never[] }> {
    noteWrite(sql);
    const result = await pg.runExclusive(async () => {
      const prepared = await prepare(sql);
      if (!prepared) return null;
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = pg.serializers[prepared.paramTypes[i]];
        return serializer ? serializer(value) : String(value);
      });
      // Bind, describe, execute and sync in one message: after an error Postgres skips to the sync.
      const message = Buffer.concat([
        serialize.bind({ statement: prepared.name, values: values as string[] }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]);
      const { messages } = await pg.execProtocol(message, NO_SYNC);
      return { rows: parse.parseResults(messages, pg.parsers)[0].rows as never[] };
    });
    return result ?? { rows: (await fallback.query(sql, params)).rows as never[] };
  }

  async function exec(sql: string, on: Queryable) {
    writes++;
    await on.exec(sql);
    // A script may change the tables that saved statements read: prepare afresh under new names.
    statements = new Map();
    generation++;
  }

  const inside = (tx: Transaction, hooks: (() => Promise<void>)[]): Db => ({
    query: (sql, params = []) => run(sql, params, tx),
    exec: (sql) => exec(sql, tx),
    transaction: (fn) => fn(inside(tx, hooks)), // already inside one: run inline rather than nesting
    close: async () => {},
    beforeCommit: (hook) => void hooks.push(hook),
  });

  return {
    query: (sql, params = []) => lock.runExclusive(async () => {
      const result = await run(sql, params, pg);
      await pg.syncToFs();
      return result;
    }),
    exec: (sql) => lock.runExclusive(() => exec(sql, pg)),
    transaction: (fn) => lock.runExclusive(() => pg.transaction(async (tx) => {
      const hooks: (() => Promise<void>)[] = [];
      const result = await fn(inside(tx, hooks));
      for (const hook of hooks) await hook();
      return result;
    })),
    close: () => lock.runExclusive(() => pg.close()),
    writes: () => writes,
    // Under the lock: on this single connection a LISTEN run inside someone's open transaction
    // would be undone by its rollback.
    listen: (channel, onPayload) => lock.runExclusive(async () => {
      const unlisten = await pg.listen(channel, onPayload);
      return () => lock.runExclusive(unlisten);
    }),
  };
}

