/** A stable, locale-independent timestamp (server and client render the same text). */
export function formatWhen(d: Date | string): string {
  return new Date(d).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "1 model", "4 models", "20+ models" (`more`: the list had further pages): a count with its noun, right for one too. */
export function countOf(n: number, one: string, { many = `${one}s`, more = false }: { many?: string; more?: boolean } = {}): string {
  return `${n}${more ? "+" : ""} ${n === 1 && !more ? one : many}`;
}

/** The word each status badge shows (components/ui/status-badge.tsx); sentences about a status use the same word. */
export const STATUS_WORD = { VALID: "Valid", INVALID: "Invalid", PENDING: "Pending", NOT_CONFIGURED: "Not configured", CHECKING: "Checking" } as const;
export const statusWord = (status: string): string => STATUS_WORD[status as keyof typeof STATUS_WORD] ?? status;

/**
 * A length of time in words, rounded up so that a wait said this way is never shorter than the
 * real one (and "in the last …" stays true): "1 second", "45 seconds", "1 minute", "60 minutes",
 * "2 hours". Seconds under a minute, then minutes; hours only from two whole hours on, so a
 * one-hour lock counts down "60 minutes", "59 minutes" rather than starting at "1 hour".
 */
export function durationWords(seconds: number): string {
  if (seconds < 60) return countOf(seconds, "second");
  if (seconds >= 7200 && seconds % 3600 === 0) return countOf(seconds / 3600, "hour");
  return countOf(Math.ceil(seconds / 60), "minute");
}
