import type { Db } from "@/lib/db/types";
import type { NotificationSource } from "./listeners";
import { eventsSince } from "./queries";
import { reaches, type Audience, type OrgEvent } from "./types";

export interface Subscriber {
  /** Each event after the subscriber's position, once, in id order. */
  deliver(event: OrgEvent): void;
  /** The feed could not read the database: end the stream; the client resumes by id. */
  fail(err: unknown): void;
}

/** Fan-out of every org's events to the streams this process holds. One per process. */
export interface EventFeed {
  /** Starts after `afterId` (events up to it are not delivered); returns the unsubscribe. */
  subscribe(orgId: string, afterId: string, viewer: Audience, subscriber: Subscriber): () => void;
  /**
   * Reads the org's new events now, notification or not. Streams call it with each heartbeat, so
   * even a LISTEN that silently hears nothing (say, through a transaction-mode pooler) costs
   * latency, never events.
   */
  catchUp(orgId: string): void;
  close(): Promise<void>;
}

interface Sub extends Subscriber {
  position: bigint;
  viewer: Audience;
}

interface OrgState {
  subs: Set<Sub>;
  reading: boolean;
  again: boolean;
}

const PAGE = 200;

/**
 * A notification only says "org X has something new": the events themselves are always read from
 * the table by id, once per org however many streams are open, in one read loop per org at a time.
 * Each read starts at the lowest position among the org's subscribers and gives each of them what
 * lies past its own position, so catch-up and live delivery are the same path: nothing is sent
 * twice, nothing out of order, and nothing is skipped, because ids become visible in id order.
 */
export function createEventFeed(db: Db, source: NotificationSource): EventFeed {
  const orgs = new Map<string, OrgState>();
  let started = false;

  const wake = (orgId: string) => {
    const org = orgs.get(orgId);
    if (!org) return;
    if (org.reading) {
      org.again = true; // the loop below reads once more when this read is done
      return;
    }
    org.reading = true;
    void drain(orgId, org);
  };

  async function drain(orgId: string, org: OrgState) {
    try {
      do {
        org.again = false;
        if (org.subs.size === 0) break;
        const from = [...org.subs].reduce((min, s) => (s.position < min ? s.position : min), [...org.subs][0].position);
        const events = await eventsSince(db, orgId, from.toString(), "admin", PAGE);
        for (const sub of [...org.subs]) {
          // A subscriber that joined during this read behind `from` is served by the next read.
          if (sub.position < from) continue;
          for (const event of events) {
            const id = BigInt(event.id);
            if (id <= sub.position) continue;
            sub.position = id;
            if (reaches(event.audience, sub.viewer)) sub.deliver(event);
          }
        }
        if (events.length === PAGE) org.again = true;
      } while (org.again);
    } catch (err) {
      for (const sub of [...org.subs]) sub.fail(err);
      org.subs.clear();
    } finally {
      org.reading = false;
      if (org.subs.size === 0) orgs.delete(orgId);
    }
  }

  return {
    subscribe(orgId, afterId, viewer, subscriber) {
      if (!started) {
        started = true;
        source.start({ notify: (id) => wake(id), ready: () => orgs.forEach((_, id) => wake(id)) });
      }
      let org = orgs.get(orgId);
      if (!org) orgs.set(orgId, (org = { subs: new Set(), reading: false, again: false }));
      const sub: Sub = { ...subscriber, position: BigInt(afterId), viewer };
      org.subs.add(sub);
      // Catch up now: whatever was committed before this subscription is read by id.
      wake(orgId);
      return () => {
        const current = orgs.get(orgId);
        if (!current) return;
        current.subs.delete(sub);
        if (current.subs.size === 0 && !current.reading) orgs.delete(orgId);
      };
    },
    catchUp: wake,
    close: () => source.stop(),
  };
}
