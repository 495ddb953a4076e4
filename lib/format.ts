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
