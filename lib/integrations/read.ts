import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { listIntegrations } from "./queries";

/**
 * The org's integrations as the signed-in user may see them. Read through row-level security
 * so that even a bug in the caller's checks cannot show another org's rows.
 */
export const readIntegrations = cache(async (userId: string, orgId: string) =>
  asUser(await getDb(), userId, async (tx) => {
    // First: the page's live stream starts after this id (see readIntegrationsPage).
    const eventId = await latestEventId(tx, orgId);
    return { rows: await listIntegrations(tx, orgId), eventId };
  }),
);
