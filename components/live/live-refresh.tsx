"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useOrgEvents } from "./use-org-events";

/**
 * Re-renders the page from the server when an event of one of these kinds arrives (type
 * prefixes such as "credential."), about `provider` when given, so a change made in another
 * browser shows without a reload. A soft refresh: what someone is typing in a form stays. A
 * burst of events (a save raises two or three) costs one refresh.
 */
export function LiveRefresh({ orgSlug, after, prefixes, provider }: { orgSlug: string; after: string; prefixes: string[]; provider?: string }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useOrgEvents(orgSlug, after, (event) => {
    if (!prefixes.some((p) => event.type.startsWith(p))) return;
    if (provider && event.data.provider !== provider) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 150);
  });
  return null;
}
