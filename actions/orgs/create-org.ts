"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import { slugSchema } from "@/lib/orgs/slug";
import { plainText } from "@/lib/zod/text";
import { createOrg } from "@/lib/orgs/queries";
import { fail, userAction } from "@/lib/safe-action";

const schema = z.object({
  name: plainText().min(1, "Name your organization.").max(80, "Use at most 80 characters."),
  slug: slugSchema,
});

/** Creates an org with the caller as its owner and opens its integrations page. */
export const createOrgAction = userAction(schema, async ({ name, slug }, { db, user, actor }) => {
  const org = await createOrg(db, user.id, name, slug);
  if (!org) return fail(409, "That address is taken; pick another.", { slug: ["Already in use."] });
  await writeAudit(db, actor, { orgId: org.id, action: "org.create", outcome: "created", metadata: { slug } });
  redirect(`/${org.slug}/integrations`);
});
