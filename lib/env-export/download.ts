import type { Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { listIntegrations } from "@/lib/integrations/queries";
import { authorizeOrg } from "@/lib/orgs/authorize";
import { getProvider, providers } from "@/lib/providers";
import type { ProviderDefinition } from "@/lib/providers/types";
import type { Deps } from "@/lib/integrations/service";
import { isKeyServiceDown } from "@/lib/vault/vault-types";
import { exportEnv, KEY_SERVICE_DOWN } from "./build";
import { buildEnvExample } from "./example";

// A download that must never be cached by a browser or a proxy, nor sniffed into a page.
const file = (text: string, filename: string) =>
  new Response(text, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });

/**
 * Download names a browser keeps: Chromium drops a leading dot from a downloaded file's name
 * (".env" arrives as "env"), so the org's slug goes in front. The Export page says to rename it.
 */
export const downloadName = (slug: string, kind: "env" | "example") => `${slug}.env${kind === "example" ? ".example" : ""}`;

const refuse = (status: number, message: string) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * The settings page's .env download. The route handler calls this with the session's user: the
 * role is checked here, in the handler's own code path, not left to the page or the proxy.
 */
export async function envDownload(deps: Pick<Deps, "db" | "vault" | "oauthToken">, userId: string | null, slug: string, actor: Actor): Promise<Response> {
  if (!userId) return refuse(401, "Sign in to download the .env.");
  const auth = await authorizeOrg(deps.db, userId, slug, "admin");
  if (!auth.ok) return refuse(403, auth.error);
  const env = await exportEnv(deps, actor, { orgId: auth.membership.orgId, slug: auth.membership.slug, via: "download" }).catch((err: unknown) => {
    if (isKeyServiceDown(err)) return null;
    throw err;
  });
  if (!env) return refuse(503, KEY_SERVICE_DOWN);
  return file(env.text, downloadName(auth.membership.slug, "env"));
}

/** .env.example: names and where to get each value, no secret, so any member may have it. */
export async function envExampleDownload(db: Db, userId: string | null, slug: string): Promise<Response> {
  if (!userId) return refuse(401, "Sign in to download the .env.example.");
  const auth = await authorizeOrg(db, userId, slug, "member");
  if (!auth.ok) return refuse(403, auth.error);
  return file(buildEnvExample(auth.membership.slug, await exampleProviders(db, auth.membership.orgId)), downloadName(auth.membership.slug, "example"));
}

/** The org's configured providers that have env names, or the whole catalog before anything is configured. */
export async function exampleProviders(db: Db, orgId: string): Promise<ProviderDefinition[]> {
  return (await exampleSource(db, orgId)).providers;
}

/** exampleProviders, and whether they are the catalog's (nothing configured yet), for the Export page to say which. */
export async function exampleSource(db: Db, orgId: string): Promise<{ providers: ProviderDefinition[]; catalog: boolean }> {
  const ids = new Set((await listIntegrations(db, orgId)).map((r) => r.provider));
  const configured = [...ids].map((id) => getProvider(id)).filter((p): p is ProviderDefinition => !!p && p.env.length > 0);
  return configured.length ? { providers: configured, catalog: false } : { providers: providers.filter((p) => p.env.length > 0), catalog: true };
}
