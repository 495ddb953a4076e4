import type { Db } from "@/lib/db/types";
import { getMembership, type Membership, type Role } from "./queries";

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export type Authorization =
  | { ok: true; membership: Membership }
  | { ok: false; status: 403; error: string; reason: "not_member" | "role" };

/**
 * The one role check every action and route handler makes itself. Not a member and not
 * existing answer alike, so a caller cannot probe which org slugs exist.
 */
export async function authorizeOrg(db: Db, userId: string, slug: string, minRole: Role): Promise<Authorization> {
  const membership = await getMembership(db, userId, slug);
  if (!membership) return { ok: false, status: 403, error: "You do not have access to this organization.", reason: "not_member" };
  if (RANK[membership.role] < RANK[minRole]) {
    return { ok: false, status: 403, error: `Only an org ${minRole === "owner" ? "owner" : "owner or admin"} can do this.`, reason: "role" };
  }
  return { ok: true, membership };
}
