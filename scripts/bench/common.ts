import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../lib/db/types";

/** Median and p99 of a run of timings, in their own unit. */
export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] };
};

/**
 * One org with one user of `role` in it and a session for them: the cookie value a browser-style
 * client sends (sb_session=<token>) to the app instance the bench starts.
 */
export async function seedSignedInOrg(db: Db, slug: string, name: string, role: "owner" | "member") {
  const token = randomBytes(32).toString("base64url");
  const { rows } = await db.query<{ orgId: string; userId: string }>(
    `with u as (insert into users (email) values ($2) returning id),
          o as (insert into organizations (slug, name) values ($3, $4) returning id),
          m as (insert into memberships (org_id, user_id, role) select o.id, u.id, $5 from o, u),
          s as (insert into sessions (token_hash, user_id, expires_at) select $1, id, now() + interval '1 day' from u)
     select o.id as "orgId", u.id as "userId" from o, u`,
    [createHash("sha256").update(token).digest("hex"), `${slug}@example.test`, slug, name, role],
  );
  return { ...rows[0], token };
}
