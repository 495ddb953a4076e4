import type { NotificationSource, SourceHandlers } from "./listeners";

/**
 * One source, many consumers: the event feed and the read cache's change watcher share the
 * process's one LISTEN connection. The underlying source starts with the first consumer; a consumer
 * that joins while notifications already flow gets ready() at once.
 */
export function shareSource(source: NotificationSource): NotificationSource {
  const consumers: SourceHandlers[] = [];
  let up = false;
  const each = (fn: (h: SourceHandlers) => void) => consumers.forEach(fn);
  return {
    start(handlers) {
      consumers.push(handlers);
      if (consumers.length > 1) {
        if (up) handlers.ready();
        return;
      }
      source.start({
        notify: (orgId, eventId) => each((h) => h.notify(orgId, eventId)),
        ready: () => { up = true; each((h) => h.ready()); },
        changed: (payload) => each((h) => h.changed?.(payload)),
        lost: () => { up = false; each((h) => h.lost?.()); },
      });
    },
    stop: () => source.stop(),
    probe: () => source.probe?.(),
  };
}
