"use server";

import { getDb } from "@/lib/db";
import { connectionChangedSince, type ConnectionState } from "@/lib/oauth/queries";
import { orgAction } from "@/lib/safe-action";
import { connectionStatusSchema } from "@/lib/zod/oauth";

/**
 * Polled by the connect button every 2 s while it waits for Nango's webhook: null until the
 * webhook has recorded (or repaired) the connection. One indexed read, no call to Nango.
 */
export const getConnectionStatusAction = orgAction("admin", connectionStatusSchema, async (input, { membership }) => {
  const state: ConnectionState | null = await connectionChangedSince(await getDb(), membership.orgId, input.connectionId, input.since);
  return { ok: true, data: state };
});
