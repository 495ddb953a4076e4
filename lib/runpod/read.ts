import "server-only";
import { getDb } from "@/lib/db";
import { listDeployments } from "@/lib/deployments/queries";
import { latestEventId } from "@/lib/events/queries";
import { integrationDeps } from "@/lib/integrations/deps";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { readGpuCatalog } from "./catalog";
import { openRunpodKey } from "./credential";
import { readTemplates } from "./templates";

/**
 * What the RunPod page shows, for a caller whose membership the page has checked: the GPU
 * catalog (through the 60 s cache), the org's endpoints, and for admins the account's serverless
 * templates and the credentials an endpoint's env may take (names, fingerprints and variable
 * names; values stay in the vault).
 */
export async function readRunpodPage(orgId: string, isAdmin: boolean) {
  const deps = await integrationDeps();
  const db = await getDb();
  // First: the page's live stream starts after this id, so nothing between the reads is missed.
  const eventId = await latestEventId(db, orgId);
  // The templates need the opened key; they are read alongside the catalog, not after it.
  const forAdmin = async () => {
    const key = await openRunpodKey(deps, orgId);
    return { key, templates: key.ok ? await readTemplates(deps, key.key) : null };
  };
  const [catalog, endpoints, rows, { key, templates }] = await Promise.all([
    readGpuCatalog(deps, orgId),
    listDeployments(db, orgId, { kind: "runpod", limit: 50 }),
    isAdmin ? listIntegrations(db, orgId) : Promise.resolve([]),
    isAdmin ? forAdmin() : Promise.resolve({ key: null, templates: null }),
  ]);
  const choices = rows.flatMap((r) => {
    const provider = getProvider(r.provider);
    if (!provider || provider.env.length === 0) return [];
    // The key Switchboard manages endpoints with is offered too, marked, so the form can warn.
    const deployKey = key?.ok === true && r.id === key.key.integrationId;
    return [{ id: r.id, label: `${provider.name} "${r.name}"`, fingerprint: r.fingerprint, variables: provider.env.map((e) => e.name), ...(deployKey ? { deployKey } : {}) }];
  });
  return { eventId, catalog, endpoints, choices, defaultTemplateId: key?.ok ? key.key.templateId : null, templates };
}
