import "server-only";
import { notFound, redirect } from "next/navigation";
import { getCurrentMember } from "@/lib/auth/current-user";

/**
 * Every org page's first lines: the signed-in user and their membership, or a redirect to sign in,
 * or not-found for an org they do not belong to (its existence is not confirmed).
 */
export async function requireOrgMember(orgSlug: string) {
  const current = await getCurrentMember(orgSlug);
  if (!current) redirect(`/sign-in?next=/${encodeURIComponent(orgSlug)}/integrations`);
  if (!current.membership) notFound();
  return { user: current.user, membership: current.membership };
}
