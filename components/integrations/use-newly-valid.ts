"use client";

import { useEffect, useState } from "react";

const STORE = "switchboard:statuses:";

/**
 * Ids whose status is VALID now but was not the last time this tab showed the grid, e.g. the
 * key just added on the provider page. Remembered per tab in sessionStorage; the first visit
 * of a tab knows no "before", so nothing counts as newly valid then.
 */
export function useNewlyValid(scope: string, statuses: Record<string, string>): ReadonlySet<string> {
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const now = JSON.stringify(statuses);
  useEffect(() => {
    const current = JSON.parse(now) as Record<string, string>;
    let before: Record<string, string> | null = null;
    try {
      before = JSON.parse(sessionStorage.getItem(STORE + scope) ?? "null");
      sessionStorage.setItem(STORE + scope, now);
    } catch { /* storage off or full: no celebration, nothing else changes */ }
    if (before) setFresh(new Set(Object.keys(current).filter((id) => current[id] === "VALID" && before[id] !== "VALID")));
  }, [scope, now]);
  return fresh;
}
