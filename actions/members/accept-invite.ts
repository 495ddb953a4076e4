"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { acceptInvite, inviteCodeSchema } from "@/lib/orgs/invites";
import { fail, userAction } from "@/lib/safe-action";

const schema = z.object({ code: inviteCodeSchema });

/** Joins the signed-in user to the org of an invite code, then opens its integrations page. */
export const acceptInviteAction = userAction(schema, async ({ code }, { db, user, actor }) => {
  const result = await acceptInvite(db, actor, user.id, code);
  if (!result.ok && result.reason === "already_member") {
    return fail(409, "You are already a member of that organization, so the code is left unused for the person it was meant for.");
  }
  if (!result.ok && result.reason === "plan_limit") {
    // Not a member yet: they cannot upgrade, so the sentence tells them whom to ask.
    return fail(402, `${result.orgName} has ${result.hit.count} members, and its ${result.hit.planName} plan allows ${result.hit.limit}, so you could not join and the code is left unused. Ask an owner of ${result.orgName} to upgrade the plan or make room.`);
  }
  if (!result.ok) {
    return fail(404, "That code cannot be used: it may be mistyped, already used, revoked or expired. Ask the admin who sent it for a new one.");
  }
  redirect(`/${result.slug}/integrations`);
});
