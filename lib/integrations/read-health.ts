import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { listRecentChecks } from "./history";
import { listOpenNotifications } from "./notifications";
import { listProviderSummaries } from "./queries";

// Read through row-level security, like readIntegrations: members may read both, nobody else.

export const readRecentChecks = cache(async (userId: string, orgId: string, integrationIds: string[]) =>
  asUser(await getDb(), userId, (tx) => listRecentChecks(tx, orgId, integrationIds, 20)),
);

export const readOpenNotifications = cache(async (userId: string, orgId: string) =>
  asUser(await getDb(), userId, (tx) => listOpenNotifications(tx, orgId)),
);

/** The integrations page's two reads in one RLS transaction: one round of set-up instead of two. */
export const readDashboard = cache(async (userId: string, orgId: string) =>
  asUser(await getDb(), userId, async (tx) => ({
    summaries: await listProviderSummaries(tx, orgId),
    notifications: await listOpenNotifications(tx, orgId),
  })),
);
