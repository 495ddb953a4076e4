// No "server-only": proxy.ts reads the flag before a page renders, and it holds no secret.

/**
 * What a request answers while the database cannot be reached (a restart, a failover, a full
 * connection limit): 503 and this sentence, never a 500. Nothing was read or changed: a
 * transaction that lost its connection is rolled back by PostgreSQL.
 */
export const DATABASE_DOWN =
  "Switchboard cannot reach its database right now, so nothing was read or changed. Try again in a few seconds.";

// Connection-level failures (node: socket errors; PostgreSQL: class 08 connection exceptions,
// 57P01-03 shutdown and start-up, 53300 too many connections). A constraint or syntax error is not one.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const SERVER_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
// What node-postgres throws itself when a connection ends under it (no code).
const PG_MESSAGES = /^(Connection terminated|Connection terminated unexpectedly|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(isDatabaseUnavailable);
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  const code = typeof e.code === "string" ? e.code : "";
  if (SOCKET_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith("08")) return true;
  return !code && typeof e.message === "string" && PG_MESSAGES.test(e.message);
}

// On globalThis: proxy.ts and the route and page bundles are separate modules in one process.
const state = globalThis as unknown as { __switchboardDbDownSince?: number };

/** Called by the PostgreSQL pool: a connection-level failure, or a query that went through. */
export function noteDatabase(up: boolean): void {
  if (up) state.__switchboardDbDownSince = undefined;
  else state.__switchboardDbDownSince ??= Date.now();
}

/** True once a connection-level failure was seen and no query has gone through since. */
export const databaseSeemsDown = () => state.__switchboardDbDownSince !== undefined;

/**
 * Runs fn again while it fails because the database cannot be reached, waiting a little longer
 * each time, for up to withinMs; any other failure, or the last one, is thrown. For a record of
 * something that has already happened (an agent's call answered by its provider), which a
 * restart must not lose. A write whose connection broke during its commit may be written twice;
 * for such records that is the lesser fault.
 */
export async function retryWhileUnavailable<T>(fn: () => Promise<T>, withinMs = 60_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + wait > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
