import type { NotificationSource, SourceHandlers } from "./listeners";

/**
 * One source, many consumers: the event feed and the read cache's change watcher share the
 * process's one LISTEN connection. Each call of the returned function is one consumer's handle.
 * The underlying source opens with the first consumer's start(); a consumer that joins while
 * notifications already flow gets ready() at once. A consumer's stop() only removes it: closing
 * the database must not silence the event feed. When the last one leaves the source is stopped
 * and forgotten, so the next consumer opens a fresh one instead of joining a dead one.
 */
export function shareSource(open: () => NotificationSource): () => NotificationSource {
  const consumers = new Set<SourceHandlers>();
  let source: NotificationSource | null = null;
  let up = false;
  const each = (fn: (h: SourceHandlers) => void) => consumers.forEach(fn);

  return () => {
    let mine: SourceHandlers | null = null;
    return {
      start(handlers) {
        if (mine) throw new Error("this handle already started");
        mine = handlers;
        consumers.add(handlers);
        if (source) {
          if (up) handlers.ready();
          return;
        }
        const s = open();
        source = s;
        up = false;
        // A source stopped after its last consumer left may still call back: only the current one speaks.
        const live = () => source === s;
        s.start({
          notify: (orgId, eventId) => live() && each((h) => h.notify(orgId, eventId)),
          ready: () => {
            if (!live()) return;
            up = true;
            each((h) => h.ready());
          },
          changed: (payload) => live() && each((h) => h.changed?.(payload)),
          lost: () => {
            if (!live()) return;
            up = false;
            each((h) => h.lost?.());
          },
        });
      },
      async stop() {
        if (!mine) return;
        consumers.delete(mine);
        mine = null;
        if (consumers.size > 0 || !source) return;
        const s = source;
        source = null;
        up = false;
        await s.stop();
      },
      probe: () => source?.probe?.(),
      recycle: () => source?.recycle?.(),
    };
  };
}
