import { writeAudit, type Actor } from "@/lib/audit";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { raiseUnreadableCredential } from "@/lib/integrations/notifications";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential } from "@/lib/vault/vault-types";
import type { Deps } from "@/lib/integrations/service";
import { serializeEnv, type EnvGroup, type SerializedEnv } from "./format";

export interface EnvExport extends SerializedEnv {
  credentials: { provider: string; name: string; fingerprint: string | null }[];
  /**
   * Default credentials left out of this file: one that does not decrypt (`unreadable`), or an
   * OAuth connection whose token could not be fetched (`oauth_token`), with the variables it
   * would have set. The rest of the org's variables are exported as usual.
   */
  omitted: { provider: string; name: string; reason: "unreadable" | "oauth_token"; variables: string[] }[];
  /** Every variable name an omitted credential would have set that no other provider set. */
  omittedVariables: string[];
}

/** What an export says when the key service is down: nothing was exported, and why. */
export const KEY_SERVICE_DOWN =
  "Switchboard could not reach its key service to decrypt credentials, so nothing was exported. Try again in a minute; if it persists, an operator should check the key-encryption key (KMS_KEY_ID and its AWS access, or the keyring in DATA_DIR).";

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
 *
 * A credential whose stored data does not open is left out with a comment naming it and its
 * variables, listed in `omitted`, and raises a notification, so one broken row does not take
 * every other variable down with it. A key service that cannot be reached is different: it
 * throws (isKeyServiceDown), and nothing is exported, rather than a file missing everything.
 */
export async function exportEnv(deps: Pick<Deps, "db" | "vault" | "oauthToken">, actor: Actor, target: ExportTarget): Promise<EnvExport> {
  const { db, vault } = deps;
  const rows = (await listIntegrations(db, target.orgId)).filter((r) => r.isDefault);
  const groups: EnvGroup[] = [];
  const credentials: EnvExport["credentials"] = [];
  const omitted: EnvExport["omitted"] = [];
  for (const row of rows) {
    const provider = getProvider(row.provider);
    if (!provider || provider.env.length === 0) continue;
    let credential: Record<string, unknown>;
    if (row.authType === "oauth") {
      // Nango keeps OAuth tokens; the current one is fetched now and goes where the provider's token goes.
      const tokenField = provider.fields.find((f) => f.kind === "secret")?.name;
      const token = tokenField && deps.oauthToken ? await deps.oauthToken(target.orgId, row.id) : null;
      if (!token?.ok) {
        const variables = provider.env.filter((e) => e.field === tokenField).map((e) => e.name);
        if (token && variables.length) omitted.push({ provider: row.provider, name: row.name, reason: "oauth_token", variables });
        groups.push({ comments: [`${provider.name}: OAuth connection "${row.name}" left out: ${token?.reason ?? "this provider's token has no env variable."}`], variables: [] });
        continue;
      }
      credential = { [tokenField!]: token.accessToken };
    } else {
      const sealed = await readSecret(db, { orgId: target.orgId, integrationId: row.id });
      if (!sealed) continue;
      try {
        credential = parseOpenedCredential(await vault.open(db, { orgId: target.orgId, integrationId: row.id, provider: row.provider }, sealed));
      } catch (err) {
        if (!isBrokenCredential(err)) throw err;
        const variables = provider.env.map((e) => e.name);
        omitted.push({ provider: row.provider, name: row.name, reason: "unreadable", variables });
        await raiseUnreadableCredential(db, target.orgId, row.id, variables);
        groups.push({
          comments: [
            `${provider.name}: credential "${row.name}"${row.fingerprint ? ` (${row.fingerprint})` : ""} left out: Switchboard could not decrypt it (its stored data does not open).`,
            `Not set here: ${variables.join(", ")}. Replace the key in Switchboard, then export again.`,
          ],
          variables: [],
        });
        continue;
      }
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
  const omittedVariables = [...new Set(omitted.flatMap((o) => o.variables))].filter((n) => !file.written.includes(n));
  await writeAudit(db, actor, {
    orgId: target.orgId,
    action: "integration.export",
    outcome: file.refused.length || omitted.length ? "partial" : "exported",
    metadata: {
      via: target.via,
      credentials: credentials.map((c) => `${c.provider}/${c.name}/${c.fingerprint ?? "-"}`).join("; "),
      variables: file.written.join(","),
      refused: file.refused.map((r) => r.name).join(",") || null,
      omitted: omitted.map((o) => `${o.provider}/${o.name}/${o.reason}`).join("; ") || null,
    },
  });
  return { ...file, credentials, omitted, omittedVariables };
}
