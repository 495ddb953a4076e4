import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { readThrough } from "@/lib/db/read-through";
import { asUser } from "@/lib/db/rls";
import { readRecentDeployments } from "@/lib/deployments/read";
import { latestEventId } from "@/lib/events/queries";
import { earliest, listOwnRequests, pendingExpiries, readPanel } from "@/lib/requests/read";
import { stackModelEnabled } from "@/lib/stack/settings";
import { listRecentChecks } from "./history";
import { listOpenNotifications } from "./notifications";
import { listIntegrations, listProviderSummaries } from "./queries";

// Read through row-level security, like readIntegrations: members may read all of it, nobody else.

/**
 * A provider page's reads in one RLS transaction: its credentials, then their recent checks, and
 * for a member the requests they filed for this provider (an admin adds the key instead).
 */
export const readProviderPage = cache(async (userId: string, orgId: string, provider: string, isAdmin = true) =>
  asUser(await getDb(), userId, async (tx) => {
    const eventId = await latestEventId(tx, orgId); // first, as in readIntegrationsPage
    const rows = await listIntegrations(tx, orgId, provider);
    const checks = rows.length > 0 ? await listRecentChecks(tx, orgId, rows.map((r) => r.id), 20) : [];
    const mine = isAdmin ? [] : await listOwnRequests(tx, userId, orgId, provider);
    return { rows, checks, eventId, mine };
  }),
);

/**
 * Everything the integrations page shows, re-used as one answer until anything it depends on is
 * written (readThrough; across instances once the change is delivered). The event id is read first
 * and the page's live stream starts after it, so whatever is committed after it is streamed: one
 * answer, not one per part, so no part can be older than the id the stream starts from. The
 * statuses and notifications are read in one RLS transaction; the admins' requests panel expires.
 */
export const readIntegrationsPage = cache(async (userId: string, orgId: string, isAdmin: boolean) => {
  const db = await getDb();
  const read = async () => {
    const dashboard = await asUser(db, userId, async (tx) => ({
      eventId: await latestEventId(tx, orgId),
      summaries: await listProviderSummaries(tx, orgId),
      notifications: await listOpenNotifications(tx, orgId),
      // A member's own requests and where they stand; admins have the panel of everyone's.
      mine: isAdmin ? [] : await listOwnRequests(tx, userId, orgId),
    }));
    // Admins only: who asked and why is theirs to read (RLS agrees).
    const panel = isAdmin ? await readPanel(userId, orgId) : null;
    const modelEnabled = await stackModelEnabled(db, orgId);
    const deployments = await readRecentDeployments(orgId, 5);
    return { ...dashboard, panel, modelEnabled, deployments };
  };
  return readThrough(db, `integrations-page:${userId}:${orgId}:${isAdmin}`, read,
    (page) => earliest([...(page.panel?.items.map((i) => i.expiresAt) ?? []), ...pendingExpiries(page.mine)]));
});
