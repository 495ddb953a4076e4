import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { getMembership } from "./queries";

/** The caller's membership in an org, once per request however many components ask. */
export const getOrgContext = cache(async (userId: string, slug: string) => getMembership(await getDb(), userId, slug));

/**
 * Every org page's first lines: the signed-in user and their membership, or a redirect to sign in,
 * or not-found for an org they do not belong to (its existence is not confirmed).
 */
export async function requireOrgMember(orgSlug: string) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=/${encodeURIComponent(orgSlug)}/integrations`);
  const membership = await getOrgContext(user.id, orgSlug);
  if (!membership) notFound();
  return { user, membership };
}
