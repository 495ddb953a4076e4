/** The one connection shape every query function takes as its first argument. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a multi-statement script with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; everything inside must use the Db it is given. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Inside a transaction only: runs hook once fn has finished, as the transaction's last work
   * before commit (in registration order); an error in it rolls everything back.
   */
  beforeCommit?(hook: () => Promise<void>): void;
  /**
   * A count that moves whenever anything may have been written, so what was read is still current
   * while it stands still. Embedded mode: this process is PGlite's only client. Server mode with a
   * change watcher (lib/db/changes.ts): other instances' commits move it as their notifications
   * arrive, and it is undefined while notifications may be missed. Absent: nothing is re-used.
   */
  writes?(): number | undefined;
  /**
   * Embedded mode only: LISTEN on this connection; onPayload gets each NOTIFY payload at its
   * commit. Resolves to an unlisten. PostgreSQL listens on a dedicated connection instead
   * (lib/events/listeners.ts), since a pool's connections come and go.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}
