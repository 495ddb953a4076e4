import { signUpLocal } from "@/lib/auth/local";
import type { Db } from "@/lib/db/types";
import { addMember, createOrg, type Role } from "@/lib/orgs/queries";

let n = 0;
/** A user with a unique email; the password is irrelevant to most tests. */
export async function makeUser(db: Db, label = "user"): Promise<string> {
  const res = await signUpLocal(db, `${label}-${Date.now()}-${n++}@example.test`, "correct horse battery staple");
  if (!res.ok) throw new Error("fixture user exists");
  return res.userId;
}

/** An org owned by a new user, plus one user per extra role. */
export async function makeOrg(db: Db, slug: string) {
  const owner = await makeUser(db, `${slug}-owner`);
  const org = await createOrg(db, owner, slug.toUpperCase(), slug);
  if (!org) throw new Error(`slug ${slug} taken`);
  const users: Record<Role, string> = { owner, admin: await makeUser(db, `${slug}-admin`), member: await makeUser(db, `${slug}-member`) };
  await addMember(db, org.id, users.admin, "admin");
  await addMember(db, org.id, users.member, "member");
  return { orgId: org.id, slug, users };
}
