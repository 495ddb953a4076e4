import { createHash, randomBytes } from "node:crypto";
import { generateApiKey } from "../../lib/api/keys";
import type { Db } from "../../lib/db/types";

/** One admin of an org as a client sees them: a signed-in session and an org API key of theirs. */
export interface Person {
  userId: string;
  email: string;
  cookie: string;
  apiKey: string;
}

export interface SoakOrg {
  orgId: string;
  slug: string;
  persons: Person[];
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Orgs with admins who are already signed in and hold API keys, written straight into the
 * database the way sign-up, org creation and Settings, API keys leave them (a session token's
 * SHA-256, a key's SHA-256): the soak measures what users do next, not sign-up.
 */
export async function seedOrg(db: Db, slug: string, admins: number): Promise<SoakOrg> {
  const { rows: [org] } = await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, $2) returning id`, [slug, `Soak ${slug}`]);
  const persons: Person[] = [];
  for (let i = 0; i < admins; i++) {
    const email = `${slug}-admin${i}@example.test`;
    const { rows: [user] } = await db.query<{ id: string }>(`insert into users (email) values ($1) returning id`, [email]);
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, $3)`, [org.id, user.id, i === 0 ? "owner" : "admin"]);
    const token = randomBytes(32).toString("base64url");
    await db.query(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + interval '1 day')`, [sha256(token), user.id]);
    const key = generateApiKey();
    await db.query(
      `insert into api_keys (org_id, name, prefix, secret_hash, scopes, created_by) values ($1, $2, $3, $4, $5::text[], $6)`,
      [org.id, `soak-${i}`, key.prefix, key.secretHash, ["read", "write", "export", "request"], user.id],
    );
    persons.push({ userId: user.id, email, cookie: `sb_session=${token}`, apiKey: key.key });
  }
  return { orgId: org.id, slug, persons };
}
