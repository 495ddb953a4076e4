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

const MAX_REOPEN_MS = 60_000;

/**
 * Follows the org's event stream from `after` (the event id the page was rendered at, so nothing
 * between the render and the connection is missed). EventSource reconnects by itself, sending
 * Last-Event-ID, when the connection drops or the server ends the stream at its time limit; it
 * gives up only when a reconnect is refused outright (signed out, removed, server error), and
 * then this opens a new one from the last id seen, waiting longer each time.
 */
export function useOrgEvents(orgSlug: string, after: string, onEvent: (event: OrgEventMessage) => void): void {
  const handler = useRef(onEvent);
  const lastId = useRef(after);
  useEffect(() => {
    handler.current = onEvent;
  });

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wait = 2000;
    const open = () => {
      source = new EventSource(`/api/events/${encodeURIComponent(orgSlug)}?after=${encodeURIComponent(lastId.current)}`);
      source.onopen = () => void (wait = 2000);
      source.onmessage = (msg) => {
        let event: OrgEventMessage;
        try {
          event = JSON.parse(msg.data) as OrgEventMessage;
        } catch {
          return;
        }
        lastId.current = msg.lastEventId || event.id;
        handler.current(event);
      };
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return; // reconnecting by itself
        source.close();
        timer = setTimeout(open, wait);
        wait = Math.min(wait * 2, MAX_REOPEN_MS);
      };
    };
    open();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [orgSlug]);
}
