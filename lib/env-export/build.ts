import { writeAudit, type Actor } from "@/lib/audit";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import type { Deps } from "@/lib/integrations/service";
import { serializeEnv, type EnvGroup, type SerializedEnv } from "./format";

export interface EnvExport extends SerializedEnv {
  credentials: { provider: string; name: string; fingerprint: string | null }[];
}

export interface ExportTarget {
  orgId: string;
  slug: string;
  /** Where the export was asked for, for the audit trail: the settings page or the REST API (and so `pull`). */
  via: "download" | "api";
}

/**
 * The org's .env: the default credential of each provider, opened with the vault and written
 * under the provider's env names. One integration.export event records who took which
 * credentials from where; it is written before the text is returned, so an export that could
 * not be audited never leaves the server.
 */
export async function exportEnv(deps: Pick<Deps, "db" | "vault" | "oauthToken">, actor: Actor, target: ExportTarget): Promise<EnvExport> {
  const { db, vault } = deps;
  const rows = (await listIntegrations(db, target.orgId)).filter((r) => r.isDefault);
  const groups: EnvGroup[] = [];
  const credentials: EnvExport["credentials"] = [];
  for (const row of rows) {
    const provider = getProvider(row.provider);
    if (!provider || provider.env.length === 0) continue;
    let credential: Record<string, unknown>;
    if (row.authType === "oauth") {
      // Nango keeps OAuth tokens; the current one is fetched now and goes where the provider's token goes.
      const tokenField = provider.fields.find((f) => f.kind === "secret")?.name;
      const token = tokenField && deps.oauthToken ? await deps.oauthToken(target.orgId, row.id) : null;
      if (!token?.ok) {
        groups.push({ comments: [`${provider.name}: OAuth connection "${row.name}" left out: ${token?.reason ?? "this provider's token has no env variable."}`], variables: [] });
        continue;
      }
      credential = { [tokenField!]: token.accessToken };
    } else {
      const sealed = await readSecret(db, { orgId: target.orgId, integrationId: row.id });
      if (!sealed) continue;
      credential = parseOpenedCredential(await vault.open(db, { orgId: target.orgId, integrationId: row.id, provider: row.provider }, sealed));
    }
    credentials.push({ provider: row.provider, name: row.name, fingerprint: row.fingerprint });
    groups.push({
      comments: [`${provider.name}: credential "${row.name}"${row.fingerprint ? ` (${row.fingerprint})` : ""}, status ${row.status}`],
      variables: provider.env
        .map((e) => ({ name: e.name, value: credential[e.field] }))
        .filter((v): v is { name: string; value: string } => typeof v.value === "string" && v.value !== ""),
    });
  }
  const file = serializeEnv(
    [`Switchboard credentials for ${target.slug}. Secrets: never commit this file.`, `Refresh with: node ~/switchboard.cjs pull --org ${target.slug} (get the tool under Settings, Export)`],
    groups,
  );
  await writeAudit(db, actor, {
    orgId: target.orgId,
    action: "integration.export",
    outcome: file.refused.length ? "partial" : "exported",
    metadata: {
      via: target.via,
      credentials: credentials.map((c) => `${c.provider}/${c.name}/${c.fingerprint ?? "-"}`).join("; "),
      variables: file.written.join(","),
      refused: file.refused.map((r) => r.name).join(",") || null,
    },
  });
  return { ...file, credentials };
}
