import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { listMemberships } from "@/lib/orgs/queries";

/** Home: straight to the first org's integrations, or to whatever step comes first. */
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const [first] = await listMemberships(await getDb(), user.id);
  redirect(first ? `/${first.slug}/integrations` : "/orgs/new");
}
