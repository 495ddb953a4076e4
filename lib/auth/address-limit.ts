import type { Db } from "@/lib/db/types";
import { takeSlot, type Budget, type Slot } from "./attempts";

// Each attempt costs a deliberately slow password hash, so one client address gets only so many.
// Generous for a team behind one office address; far too few to try passwords or burn the CPU.
export const ADDRESS_BUDGETS = {
  "sign-in": { limit: 30, windowSeconds: 10 * 60 },
  "sign-up": { limit: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, Budget>;

/**
 * The part of a client address that one client controls: the address itself for IPv4, the /64
 * network for IPv6 (one household or server is handed a whole /64, and could otherwise rotate
 * through it). Null (no address known) is one shared bucket.
 */
export function addressBucket(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  const bare = ip.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1];
  if (!bare.includes(":")) return bare;
  const [head, tail = ""] = bare.split("::");
  const left = head ? head.split(":") : [];
  const right = bare.includes("::") && tail ? tail.split(":") : [];
  const groups = bare.includes("::") ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/** Takes one attempt of `kind` from the client address's budget, or refuses. */
export function takeAddressAttempt(db: Db, kind: keyof typeof ADDRESS_BUDGETS, ip: string | null | undefined): Promise<Slot> {
  return takeSlot(db, `${kind}:address:${addressBucket(ip)}`, ADDRESS_BUDGETS[kind]);
}
