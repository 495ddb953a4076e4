import { getCurrentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db";
import { envExampleDownload } from "@/lib/env-export/download";

export const dynamic = "force-dynamic";

/** GET: .env.example as a file, for any member. Session and role are checked inside envExampleDownload. */
export async function GET(_req: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  return envExampleDownload(await getDb(), user?.id ?? null, orgSlug);
}
