import { getCurrentUser, requestActor } from "@/lib/auth/current-user";
import { envDownload } from "@/lib/env-export/download";
import { integrationDeps } from "@/lib/integrations/deps";

export const dynamic = "force-dynamic";

/** GET: the org's .env as a file. Session and admin role are checked inside envDownload. */
export async function GET(_req: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  return envDownload(await integrationDeps(), user?.id ?? null, orgSlug, await requestActor(user?.id ?? null));
}
