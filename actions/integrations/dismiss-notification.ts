"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db";
import { dismissNotification } from "@/lib/integrations/notifications";
import { fail, orgAction } from "@/lib/safe-action";
import { notificationRefSchema } from "@/lib/zod/integrations";

/** Closes a notification without fixing its cause; who dismissed it is kept on the row. */
export const dismissNotificationAction = orgAction("admin", notificationRefSchema, async (input, { user, membership }) => {
  const dismissed = await dismissNotification(await getDb(), membership.orgId, input.notificationId, user.id);
  if (!dismissed) return fail(404, "That notification was already dismissed or resolved.");
  revalidatePath(`/${membership.slug}/integrations`);
  return { ok: true, data: null, message: "Dismissed." };
});
