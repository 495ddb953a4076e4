import { openServer } from "@/lib/db/open-server";
import type { NotificationSource, SourceHandlers } from "@/lib/events/listeners";
import { shareSource } from "@/lib/events/shared-source";

/** A source that records what is asked of it and lets the test speak for the connection. */
function fakeSource() {
  const opened: { handlers: SourceHandlers; stopped: boolean }[] = [];
  const open = (): NotificationSource => {
    const entry = { handlers: undefined as unknown as SourceHandlers, stopped: false };
    opened.push(entry);
    return { start: (h) => void (entry.handlers = h), stop: async () => void (entry.stopped = true) };
  };
  return { open, opened };
}

const consumer = () => {
  const seen: string[] = [];
  const handlers: SourceHandlers = {
    notify: (orgId, eventId) => void seen.push(`${orgId}:${eventId}`),
    ready: () => void seen.push("ready"),
    lost: () => void seen.push("lost"),
  };
  return { seen, handlers };
};

describe("a LISTEN connection shared by several consumers", () => {
  it("keeps the connection for the others when one consumer stops, and closes it with the last", async () => {
    const fake = fakeSource();
    const share = shareSource(fake.open);
    const feed = consumer();
    const cache = consumer();
    const feedHandle = share();
    const cacheHandle = share();
    feedHandle.start(feed.handlers);
    cacheHandle.start(cache.handlers);
    expect(fake.opened).toHaveLength(1);
    fake.opened[0].handlers.ready();

    await cacheHandle.stop(); // the database closed
    expect(fake.opened[0].stopped).toBe(false);
    fake.opened[0].handlers.notify("org", "7");
    expect(feed.seen).toEqual(["ready", "org:7"]);
    expect(cache.seen).toEqual(["ready"]);

    await cacheHandle.stop(); // twice is still one consumer leaving
    expect(fake.opened[0].stopped).toBe(false);
    await feedHandle.stop();
    expect(fake.opened[0].stopped).toBe(true);
  });

  it("opens a fresh connection for a consumer arriving after the last one left", async () => {
    const fake = fakeSource();
    const share = shareSource(fake.open);
    const first = share();
    first.start(consumer().handlers);
    fake.opened[0].handlers.ready();
    await first.stop();

    const later = consumer();
    share().start(later.handlers);
    expect(fake.opened).toHaveLength(2);
    fake.opened[0].handlers.notify("org", "1"); // the stopped one, still calling back
    expect(later.seen).toEqual([]);
    fake.opened[1].handlers.ready();
    expect(later.seen).toEqual(["ready"]);
  });

  it("tells a consumer joining a flowing connection that it is ready, and not before", () => {
    const fake = fakeSource();
    const share = shareSource(fake.open);
    share().start(consumer().handlers);
    const early = consumer();
    share().start(early.handlers);
    expect(early.seen).toEqual([]);
    fake.opened[0].handlers.ready();
    const late = consumer();
    share().start(late.handlers);
    expect(late.seen).toEqual(["ready"]);
    expect(early.seen).toEqual(["ready"]);
  });
});

describe("a server-mode database that fails to open", () => {
  it("leaves no consumer on the shared connection, however many times it is retried", async () => {
    const fake = fakeSource();
    const share = shareSource(fake.open);
    const unreachable = "postgres://postgres@127.0.0.1:4351/test"; // nothing listens there (the suite's port range)
    for (let i = 0; i < 3; i++) await expect(openServer(unreachable, share())).rejects.toThrow();
    // Each failed open let go of its watcher: the last one out stopped the connection each time.
    expect(fake.opened).toHaveLength(3);
    expect(fake.opened.every((o) => o.stopped)).toBe(true);
  });
});
