import { z } from "zod";
import { analyzeStack } from "@/lib/stack/analyze";
import type { StackAnalysis } from "@/lib/stack/types";
import { descriptionSchema } from "@/lib/zod/stack";
import { authenticateApiKey } from "./auth";
import { guarded, withHeaders } from "./context";
import { apiError, apiJson } from "./errors";
import { providerKey } from "./present";
import { readJson } from "./setup-body";

const bodySchema = z.object({ description: descriptionSchema }, "Send a JSON object with a description.");

/** The analysis as the API shows it: snake_case, each integration with its catalog provider id. */
export function presentAnalysis(a: StackAnalysis) {
  return {
    groups: a.groups.map((g) => ({
      category: g.category, title: g.title,
      integrations: g.integrations.map((i) => ({
        provider: providerKey(i.provider), provider_id: i.provider, name: i.name, category: i.category,
        required: i.required, confidence: i.confidence, reason: i.reason, triggers: i.triggers, sources: i.sources,
        status: i.status, oauth: i.oauth,
      })),
    })),
    not_in_catalog: a.notInCatalog,
    notes: a.notes,
    model: a.model,
  };
}

/** POST /api/v1/stack/{org}/analyze: the same analysis as "What does your app need?". */
export const analyzeStackHandler = guarded(async (req, { orgSlug }, deps) => {
  const auth = await authenticateApiKey(req, deps.db, { orgSlug, scope: "read", rateLimit: deps.rateLimit });
  if (!auth.ok) return auth.response;
  const json = await readJson(req);
  if (!json.ok) return withHeaders(json.response, auth.headers);
  const body = bodySchema.safeParse(json.value);
  if (!body.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of body.error.issues) (fields[String(issue.path[0] ?? "body")] ??= []).push(issue.message);
    return withHeaders(apiError("invalid_request", Object.values(fields)[0][0], { fields }), auth.headers);
  }
  const analysis = await analyzeStack(deps, auth.actor, auth.key.orgId, body.data.description);
  return withHeaders(apiJson({ success: true, org_slug: auth.key.orgSlug, ...presentAnalysis(analysis) }), auth.headers);
});
