import "server-only";
import type { Deps } from "@/lib/integrations/service";
import { runpodApi, RunpodError, type Template } from "./api";
import type { RunpodKey } from "./credential";

export type TemplatesResult = { ok: true; templates: Template[] } | { ok: false; error: string };

/**
 * The account's serverless templates for the endpoint form's picker. Read per page view of an
 * admin (not cached: a template made a minute ago in the console should be there); a RunPod
 * failure leaves the form usable with a typed template id, so it is returned, not thrown.
 */
export async function readTemplates(deps: Pick<Deps, "context">, key: RunpodKey): Promise<TemplatesResult> {
  try {
    return { ok: true, templates: await runpodApi(deps.context("runpod"), key.apiKey).listTemplates() };
  } catch (error) {
    if (error instanceof RunpodError) return { ok: false, error: error.message };
    throw error;
  }
}
