import Link from "next/link";
import { getDb } from "@/lib/db";
import { listMemberships } from "@/lib/orgs/queries";

/** On the create and join pages: the way back, for someone who already belongs to an org. */
export async function YourOrgsLink({ userId }: { userId: string }) {
  if ((await listMemberships(await getDb(), userId)).length === 0) return null;
  return (
    <p className="mt-3 text-center text-sm">
      <Link className="text-fg-muted underline underline-offset-4 hover:text-white" href="/orgs">Back to your organizations</Link>
    </p>
  );
}
