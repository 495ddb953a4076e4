/** One entry of an OpenAI-style `GET /v1/models` answer, as far as any provider here reads it. */
export interface ListedModel {
  id: string;
  ownedBy: string | null;
  type: string | null;
}

/**
 * The `data` array of an OpenAI-compatible model list (OpenAI, Groq, Mistral), read defensively:
 * entries without a string id are skipped, and a body of any other shape lists nothing.
 */
export function readModelList(json: unknown): ListedModel[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((m: { id?: unknown; owned_by?: unknown; type?: unknown } | null) =>
    typeof m?.id === "string"
      ? [{ id: m.id, ownedBy: typeof m.owned_by === "string" ? m.owned_by : null, type: typeof m.type === "string" ? m.type : null }]
      : [],
  );
}

/** The distinct owners named in a model list, in first-seen order. */
export const modelOwners = (models: ListedModel[]) => [...new Set(models.flatMap((m) => (m.ownedBy ? [m.ownedBy] : [])))];
