import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { readThrough } from "@/lib/db/read-through";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { listRecentChecks } from "./history";
import { listOpenNotifications } from "./notifications";
import { listIntegrations, listProviderSummaries } from "./queries";

// Read through row-level security, like readIntegrations: members may read all of it, nobody else.

/** A provider page's reads in one RLS transaction: its credentials, then their recent checks. */
export const readProviderPage = cache(async (userId: string, orgId: string, provider: string) =>
  asUser(await getDb(), userId, async (tx) => {
    const eventId = await latestEventId(tx, orgId); // first, as in readDashboard
    const rows = await listIntegrations(tx, orgId, provider);
    const checks = rows.length > 0 ? await listRecentChecks(tx, orgId, rows.map((r) => r.id), 20) : [];
    return { rows, checks, eventId };
  }),
);

/**
 * The integrations page's two reads in one RLS transaction: one round of set-up instead of two.
 * In embedded mode the answer is re-used until anything is written (readThrough).
 */
export const readDashboard = cache(async (userId: string, orgId: string) => {
  const db = await getDb();
  const read = () => asUser(db, userId, async (tx) => ({
    // First: the page's live stream starts after this id, so a change committed after it is streamed.
    eventId: await latestEventId(tx, orgId),
    summaries: await listProviderSummaries(tx, orgId),
    notifications: await listOpenNotifications(tx, orgId),
  }));
  return readThrough(db, `dashboard:${userId}:${orgId}`, read, () => Infinity);
});
