import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { listRecentChecks } from "./history";
import { listOpenNotifications } from "./notifications";

// Read through row-level security, like readIntegrations: members may read both, nobody else.

export const readRecentChecks = cache(async (userId: string, orgId: string, integrationIds: string[]) =>
  asUser(await getDb(), userId, (tx) => listRecentChecks(tx, orgId, integrationIds, 20)),
);

export const readOpenNotifications = cache(async (userId: string, orgId: string) =>
  asUser(await getDb(), userId, (tx) => listOpenNotifications(tx, orgId)),
);
