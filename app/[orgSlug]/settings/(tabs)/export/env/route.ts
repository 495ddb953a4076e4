import { getCurrentUser, requestActor } from "@/lib/auth/current-user";
import { envDownload } from "@/lib/env-export/download";
import { integrationDeps } from "@/lib/integrations/deps";

export const dynamic = "force-dynamic";

/** GET: the org's .env as a file. Session and admin role are checked inside envDownload. */
export async function GET(req: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  // A link on another site would send the Lax cookie along: refuse any browser request that did
  // not start on this site, so nobody can make an admin's browser export (and audit) every secret.
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return new Response("Download the .env from Switchboard's settings page.", { status: 403 });
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  return envDownload(await integrationDeps(), user?.id ?? null, orgSlug, await requestActor(user?.id ?? null));
}
