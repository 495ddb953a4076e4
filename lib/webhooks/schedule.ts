/**
 * When a delivery is tried (Svix's schedule, which Standard Webhooks points to): at once, then
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure. Eight attempts in all.
 */
export const RETRY_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length;
/** ±10 %, so deliveries that failed together (a receiver's outage) do not all come back at once. */
export const JITTER = 0.1;
/** A Retry-After is honoured up to the schedule's longest gap. */
const MAX_RETRY_AFTER_SECONDS = 36_000;

/**
 * Seconds until the next attempt after `attempts` have failed, jittered; null when that was the
 * last. `random` is injectable so a test can pin the jitter to either end.
 */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_SECONDS[attempts];
  if (base === undefined) return null;
  return base * (1 - JITTER + 2 * JITTER * random());
}

/** A Retry-After header (seconds, or an HTTP date) as seconds from `now`; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : (Date.parse(text) - now) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_SECONDS);
}

/** Answers that ask the sender to slow down: their Retry-After replaces the schedule's delay. */
export const THROTTLED = new Set([429, 503]);
/** A subscription failing without a break for this long is disabled. */
export const DISABLE_AFTER_FAILING_DAYS = 5;
