import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listMemberships } from "@/lib/orgs/queries";

export const metadata = { title: "Your organizations" };

/** Every org the person belongs to, to switch between; and the ways to add one. */
export default async function OrgsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?next=/orgs");
  const orgs = await listMemberships(await getDb(), user.id);
  return (
    <>
      <h1 className="text-2xl font-semibold text-white">Your organizations</h1>
      <p className="mt-2 text-sm text-fg-muted [overflow-wrap:anywhere]">Signed in as {user.email}.</p>
      {orgs.length === 0 ? (
        <p className="mt-6 text-sm text-fg-muted">You do not belong to an organization yet.</p>
      ) : (
        <ul className="mt-6 divide-y divide-line rounded-xl border border-line">
          {orgs.map((o) => (
            <li key={o.orgId}>
              <Link href={`/${o.slug}/integrations`} className="flex items-center justify-between gap-3 rounded-xl px-4 py-3 text-white no-underline hover:bg-white/5 focus-ring" data-org={o.slug}>
                <span className="min-w-0 truncate font-medium">{o.orgName}</span>
                <span className="shrink-0 text-sm capitalize text-fg-muted">{o.role}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-6 flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm">
        <Link className="text-white underline underline-offset-4" href="/orgs/new">Create an organization</Link>
        <Link className="text-white underline underline-offset-4" href="/orgs/join">Join with an invite code</Link>
      </p>
    </>
  );
}
