import type { ReactNode } from "react";
import { formatWhen } from "@/lib/format";
import type { CheckHistoryRow } from "@/lib/integrations/history";

type Look = { word: string; tone: string; mark: ReactNode };

// Each outcome has its own word and silhouette, so the timeline reads without colour (style.md).
const LOOKS: Record<string, Look> = {
  valid: { word: "Valid", tone: "text-success", mark: <circle cx="8" cy="8" r="6" fill="currentColor" /> },
  valid_but_insufficient: { word: "Valid, missing a permission", tone: "text-warning", mark: <><circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" /><path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor" /></> },
  invalid: { word: "Rejected", tone: "text-error", mark: <rect x="2.5" y="2.5" width="11" height="11" fill="currentColor" /> },
  // Also a network failure on our side: the provider could not be reached, not necessarily down.
  provider_outage: { word: "Down or unreachable", tone: "text-warning", mark: <path d="M8 2 14.5 14h-13z" fill="currentColor" /> },
  rate_limited: { word: "Rate-limited", tone: "text-warning", mark: <path d="M8 2 14.5 14h-13z" fill="none" stroke="currentColor" strokeWidth="2" /> },
  unknown: { word: "Could not tell", tone: "text-fg-muted", mark: <path d="M8 1.5 14.5 8 8 14.5 1.5 8z" fill="none" stroke="currentColor" strokeWidth="2" /> },
  unverified: { word: "Saved without verifying", tone: "text-fg-muted", mark: <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" strokeDasharray="3 2.3" /> },
};
/** A check outcome in words, as the timeline says it; any other outcome as written. */
export const outcomeWord = (outcome: string) => LOOKS[outcome]?.word ?? outcome.replaceAll("_", " ");

const SOURCE = { setup: "setup", manual: "re-validated", scheduler: "scheduled" } as const;

function Mark({ outcome, size = 12 }: { outcome: string; size?: number }) {
  const look = LOOKS[outcome] ?? LOOKS.unknown;
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false" className={`shrink-0 ${look.tone}`} data-outcome={outcome}>
      {look.mark}
    </svg>
  );
}

/**
 * One credential's recent checks, newest first: a strip of shapes to scan at a glance (decorative,
 * oldest to newest left to right), then the same checks as a list with words, times and reasons.
 */
export function CheckTimeline({ name, checks }: { name: string; checks: CheckHistoryRow[] }) {
  if (checks.length === 0) return <p className="text-sm text-fg-muted">No checks recorded yet.</p>;
  return (
    <div className="space-y-2">
      {/* A strip shows a trend; one mark alone would be a shape without a word. */}
      {checks.length > 1 && (
        <div aria-hidden="true" className="flex flex-wrap items-center gap-1">
          {[...checks].reverse().map((c) => <Mark key={c.id} outcome={c.outcome} />)}
        </div>
      )}
      <details className="group text-sm">
        {/* w-fit sizes the summary to its longest word: an 80-character name must break anywhere here. */}
        <summary className="focus-ring w-fit cursor-pointer rounded text-fg-muted hover:text-fg [overflow-wrap:anywhere]">
          Last {checks.length} {checks.length === 1 ? "check" : "checks"} of {name}
        </summary>
        <ol className="mt-2 space-y-1.5" aria-label={`Recent checks of ${name}, newest first`}>
          {checks.map((c) => (
            <li key={c.id} className="flex flex-wrap items-baseline gap-x-2">
              <span className="inline-flex items-center gap-1.5 font-medium text-fg"><Mark outcome={c.outcome} />{(LOOKS[c.outcome] ?? LOOKS.unknown).word}</span>
              <time dateTime={new Date(c.checkedAt).toISOString()} className="text-fg-muted">{formatWhen(c.checkedAt)}</time>
              <span className="text-fg-muted">
                {[SOURCE[c.source], c.latencyMs !== null && `${c.latencyMs} ms`, c.httpStatus && `HTTP ${c.httpStatus}`].filter(Boolean).join(" · ")}
              </span>
              {c.reason && c.outcome !== "valid" && <span className="basis-full text-fg-muted">{c.reason}</span>}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
