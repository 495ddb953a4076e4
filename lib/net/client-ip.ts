/**
 * The caller's address for the audit trail. The right-most X-Forwarded-For entry is the one our
 * own proxy added; entries to its left came from the client and can say anything.
 */
export function clientIp(header: (name: string) => string | null | undefined): string | null {
  const hops = header("x-forwarded-for")?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  return hops.at(-1) || header("x-real-ip") || null;
}
