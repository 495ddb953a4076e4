"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useOrgEvents } from "./use-org-events";

// One timer for every LiveRefresh on the page (the header's and the page's): a refresh re-renders
// them all, so an event both care about costs one.
let timer: ReturnType<typeof setTimeout> | undefined;
let mounted = 0;

/**
 * Re-renders the page from the server when an event of one of these kinds arrives (type
 * prefixes such as "credential."; "" for any), about `provider` when given, so a change made in
 * another browser shows without a reload. A soft refresh: what someone is typing in a form stays.
 * A burst of events (a save raises two or three) costs one refresh.
 */
export function LiveRefresh({ orgSlug, after, prefixes, provider }: { orgSlug: string; after: string; prefixes: string[]; provider?: string }) {
  const router = useRouter();
  useEffect(() => {
    mounted++;
    return () => {
      if (--mounted === 0) clearTimeout(timer);
    };
  }, []);
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => router.refresh(), 150);
  };
  useOrgEvents(orgSlug, after, (event) => {
    if (!prefixes.some((p) => event.type.startsWith(p))) return;
    if (provider && event.data.provider !== provider) return;
    refresh();
  }, refresh);
  return null;
}
