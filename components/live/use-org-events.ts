"use client";

import { useEffect, useRef } from "react";
import type { EventType } from "@/lib/events/types";

/** One event as the stream sends it (lib/events/stream.ts). */
export interface OrgEventMessage {
  id: string;
  type: EventType;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface OrgEventHandlers {
  onEvent(event: OrgEventMessage): void;
  /** Events after the subscriber's id were delivered before it joined and are no longer at hand: it should re-read. */
  onGap?(): void;
}

const MAX_REOPEN_MS = 60_000;
// Enough for the events that arrive while a client-side navigation renders its next page.
const KEPT = 200;

/**
 * One EventSource per org per tab, shared by every subscriber on the page (the header's badge,
 * the page's LiveRefresh): browsers allow a handful of HTTP/1.1 connections per host, and each
 * stream holds one open. The hub keeps the latest events, so a subscriber joining with an older
 * id (a page rendered just before the stream delivered something) still gets what it missed.
 */
interface Hub {
  source: EventSource | null;
  timer: ReturnType<typeof setTimeout> | undefined;
  wait: number;
  lastId: string;
  /** Every event with an id above this one is in `recent`. */
  coveredFrom: bigint;
  recent: OrgEventMessage[];
  subscribers: Set<OrgEventHandlers>;
}

const hubs = new Map<string, Hub>();
const idOf = (id: string) => {
  try {
    return BigInt(id);
  } catch {
    return 0n;
  }
};

function open(orgSlug: string, hub: Hub) {
  const source = new EventSource(`/api/events/${encodeURIComponent(orgSlug)}?after=${encodeURIComponent(hub.lastId)}`);
  hub.source = source;
  source.onopen = () => void (hub.wait = 2000);
  source.onmessage = (msg) => {
    let event: OrgEventMessage;
    try {
      event = JSON.parse(msg.data) as OrgEventMessage;
    } catch {
      return;
    }
    hub.lastId = msg.lastEventId || event.id;
    hub.recent.push(event);
    if (hub.recent.length > KEPT) hub.coveredFrom = idOf(hub.recent.shift()!.id);
    for (const s of [...hub.subscribers]) s.onEvent(event);
  };
  source.onerror = () => {
    // EventSource reconnects by itself (sending Last-Event-ID) unless the server refused outright.
    if (source.readyState !== EventSource.CLOSED) return;
    source.close();
    hub.timer = setTimeout(() => open(orgSlug, hub), hub.wait);
    hub.wait = Math.min(hub.wait * 2, MAX_REOPEN_MS);
  };
}

/** Joins the org's shared stream from `after`; returns the leave function (the last to leave closes it). */
export function subscribeOrgEvents(orgSlug: string, after: string, handlers: OrgEventHandlers): () => void {
  let hub = hubs.get(orgSlug);
  if (!hub) {
    hub = { source: null, timer: undefined, wait: 2000, lastId: after, coveredFrom: idOf(after), recent: [], subscribers: new Set() };
    hubs.set(orgSlug, hub);
    hub.subscribers.add(handlers);
    open(orgSlug, hub);
  } else {
    const from = idOf(after);
    if (from < hub.coveredFrom) handlers.onGap?.();
    else for (const e of hub.recent) if (idOf(e.id) > from) handlers.onEvent(e);
    hub.subscribers.add(handlers);
  }
  const joined = hub;
  return () => {
    joined.subscribers.delete(handlers);
    if (joined.subscribers.size > 0) return;
    clearTimeout(joined.timer);
    joined.source?.close();
    if (hubs.get(orgSlug) === joined) hubs.delete(orgSlug);
  };
}

/**
 * Follows the org's event stream from `after` (the event id the page was rendered at, so nothing
 * between the render and the connection is missed). EventSource reconnects by itself, sending
 * Last-Event-ID, when the connection drops or the server ends the stream at its time limit; it
 * gives up only when a reconnect is refused outright (signed out, removed, server error), and
 * then the hub opens a new one from the last id seen, waiting longer each time.
 */
export function useOrgEvents(orgSlug: string, after: string, onEvent: (event: OrgEventMessage) => void, onGap?: () => void): void {
  const handler = useRef({ onEvent, onGap });
  const from = useRef(after);
  useEffect(() => {
    handler.current = { onEvent, onGap };
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    return subscribeOrgEvents(orgSlug, from.current, {
      onEvent: (e) => {
        from.current = e.id;
        handler.current.onEvent(e);
      },
      onGap: () => handler.current.onGap?.(),
    });
  }, [orgSlug]);
}
