import pg from "pg";
import type { Db } from "@/lib/db/types";
import { EVENTS_CHANNEL } from "./append";

/**
 * Where "org X has event N" comes from. ready() is called each time notifications are flowing
 * again, the first time included: whatever was committed while they were not is then read by id.
 */
export interface NotificationSource {
  start(handlers: SourceHandlers): void;
  stop(): Promise<void>;
  /** Server mode: NOTIFYs CHANGES_CHANNEL "ping" on the listening connection itself (see lib/db/changes.ts). */
  probe?(): void;
  /**
   * Server mode: drop the connection and open another (lost() then ready() follow), for one that
   * answers nothing any more yet never errors (half-open TCP lasts as long as the OS keepalive).
   */
  recycle?(): void;
}

export interface SourceHandlers {
  notify(orgId: string, eventId: string): void;
  ready(): void;
  /** Server mode: a payload on CHANGES_CHANNEL (a committed write to a table pages read through a cache). */
  changed?(payload: string): void;
  /** Server mode: the connection dropped; ready() follows once it is back. */
  lost?(): void;
}

/** Written by the triggers of 20261203142000_change_notifications.sql, read by lib/db/changes.ts. */
export const CHANGES_CHANNEL = "switchboard_changes";

const PAYLOAD = /^([0-9a-f-]{36}):([0-9]{1,18})$/;

function parse(payload: string, notify: (orgId: string, eventId: string) => void) {
  const m = PAYLOAD.exec(payload);
  if (m) notify(m[1], m[2]);
}

/** Embedded mode: PGlite's own LISTEN/NOTIFY, in this process, delivered at commit. */
export function pgliteSource(db: Db): NotificationSource {
  let unlisten: (() => Promise<void>) | null = null;
  return {
    start({ notify, ready }) {
      if (!db.listen) throw new Error("this database cannot LISTEN");
      void db.listen(EVENTS_CHANNEL, (payload) => parse(payload, notify)).then((un) => {
        unlisten = un;
        ready();
      });
    },
    stop: async () => void (await unlisten?.()),
  };
}

export interface PostgresSourceOptions {
  /** A direct or session-pooler connection: a transaction-mode pooler does not deliver NOTIFY. */
  connectionString: string;
  /** First reconnect delay, doubling up to maxRetryMs while the server stays unreachable. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Connection failures, without the connection string (it may hold a password). */
  onError?(message: string): void;
}

/**
 * Server mode: one dedicated connection per process that LISTENs, whatever the number of open
 * streams. When it drops (server restart, pooler timeout, pg_terminate_backend), it reconnects
 * with backoff and calls ready() again, so every subscriber catches up by id: a notification
 * missed while disconnected never loses an event.
 */
export function postgresSource(opts: PostgresSourceOptions): NotificationSource {
  const retryMs = opts.retryMs ?? 250;
  const maxRetryMs = opts.maxRetryMs ?? 5000;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let delay = retryMs;
  let drop: (() => void) | null = null;

  return {
    start({ notify, ready, changed, lost }) {
      const connect = async () => {
        timer = null;
        // keepAlive: a connection that silently died (a NAT or a proxy dropped it) errors instead of hanging.
        const c = new pg.Client({ connectionString: opts.connectionString, keepAlive: true, application_name: "switchboard-events" });
        client = c;
        let failed = false;
        const retry = (err?: Error & { code?: string }) => {
          if (failed) return;
          failed = true;
          c.removeAllListeners("notification");
          c.end().catch(() => {});
          if (client === c) client = null;
          lost?.();
          if (stopped) return;
          if (err) opts.onError?.(`[events] listener connection lost (${err.code ?? err.name}); reconnecting`);
          timer = setTimeout(connect, delay);
          delay = Math.min(delay * 2, maxRetryMs);
        };
        drop = () => retry();
        c.on("error", retry);
        c.on("end", () => retry());
        c.on("notification", (msg) => {
          if (msg.channel === EVENTS_CHANNEL && msg.payload) parse(msg.payload, notify);
          else if (msg.channel === CHANGES_CHANNEL) changed?.(msg.payload ?? "");
        });
        try {
          await c.connect();
          await c.query(`listen ${EVENTS_CHANNEL}; listen ${CHANGES_CHANNEL}`);
        } catch (err) {
          retry(err as Error);
          return;
        }
        if (failed || stopped) return;
        delay = retryMs;
        ready();
      };
      void connect();
    },
    probe() {
      // Its answer proves the connection; hearing the ping back proves delivery (a transaction-mode
      // pooler answers but never delivers). A failure here drops the connection like any other.
      // The client is captured: a ping left pending on a dropped client must not end its successor.
      const c = client;
      c?.query(`select pg_notify('${CHANGES_CHANNEL}', 'ping')`).catch(() => c.end().catch(() => {}));
    },
    // Not c.end() alone: on a half-open connection its 'end' may never come. retry() gives up on
    // the client at once and schedules the next one.
    recycle: () => drop?.(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
