import type { NotificationSource } from "@/lib/events/listeners";

/** What the server-mode Db asks before re-using a read (lib/db/read-through.ts). */
export interface ChangeStamp {
  /**
   * A number that moves on every change another instance committed (as its notification arrives)
   * and on every reconnect; null while notifications may be missed: then nothing is re-used.
   */
  stamp(): number | null;
  stop(): Promise<void>;
}

export interface WatchOptions {
  /** How often the listening connection pings itself; three missed pings count as down. */
  pingMs?: number;
}

/**
 * Server mode's half of readThrough: triggers on the tables cached reads depend on NOTIFY
 * CHANGES_CHANNEL in the writing transaction (delivered at commit), appended events notify the
 * events channel; either bumps the stamp, so every instance drops what it had cached once a
 * committed change reaches it. A connection that drops, or stays open but stops delivering (its
 * own pings no longer come back), makes the stamp null until notifications flow again; the stamp
 * then moves, so nothing cached before the gap is re-used after it. A connection found deaf is
 * recycled: left alone, a half-open one could sit for the OS keepalive time, the cache bypassed
 * and the event feed living on catch-ups.
 */
export function watchChanges(source: NotificationSource, opts: WatchOptions = {}): ChangeStamp {
  const pingMs = opts.pingMs ?? 2000;
  let generation = 0;
  let up = false;
  let heardAt = 0;
  const deaf = () => Date.now() - heardAt > 3 * pingMs;

  source.start({
    notify: () => void generation++,
    ready: () => {
      generation++;
      up = true;
      heardAt = Date.now();
    },
    lost: () => {
      generation++;
      up = false;
    },
    changed: (payload) => {
      if (payload !== "ping") return void generation++;
      if (deaf()) generation++; // delivery resumed after a gap that may have swallowed changes
      heardAt = Date.now();
    },
  });
  const timer = setInterval(() => {
    // up goes false at once (lost()), so one deaf spell recycles once; ready() brings it back.
    if (up && deaf()) source.recycle?.();
    else source.probe?.();
  }, pingMs);
  timer.unref();

  return {
    stamp: () => (up && !deaf() ? generation : null),
    stop: async () => {
      clearInterval(timer);
      await source.stop();
    },
  };
}
