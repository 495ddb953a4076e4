"use server";

import { z } from "zod";
import { orgSlugRef } from "@/lib/zod/text";
import { integrationDeps } from "@/lib/integrations/deps";
import { orgAction } from "@/lib/safe-action";
import { analyzeStack } from "@/lib/stack/analyze";
import type { StackAnalysis } from "@/lib/stack/types";
import { descriptionSchema } from "@/lib/zod/stack";

const schema = z.object({ orgSlug: orgSlugRef, description: descriptionSchema });

/** "What does your app need?": any member may ask; the model pass runs only if an admin turned it on. */
export const analyzeStackAction = orgAction("member", schema, async (input, { actor, membership }) => {
  const analysis: StackAnalysis = await analyzeStack(await integrationDeps(), actor, membership.orgId, input.description);
  return { ok: true, data: analysis };
});
