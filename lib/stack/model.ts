import "server-only";
import { z } from "zod";
import type { ValidationContext } from "@/lib/providers/types";

/**
 * The model pass: one Chat Completions (OpenAI) or Messages (Anthropic) call through the org's
 * own key, asking for JSON whose provider ids come from the catalog. The answer is parsed with
 * zod; an id outside the catalog is reported as not in the catalog, never proposed. Any failure
 * is returned as a sentence (never the key, never the provider's raw body) for the caller's note.
 */
export type ModelProvider = "openai" | "anthropic";

export const MODELS: Record<ModelProvider, string> = { openai: "gpt-4.1-mini", anthropic: "claude-haiku-4-5" };

export interface CatalogEntry { id: string; name: string; description: string }

export interface ModelProposal { provider: string; required: boolean; confidence: number; reason: string; evidence: string[] }
export type ModelAnswer =
  | { ok: true; proposals: ModelProposal[]; notInCatalog: { name: string; reason: string }[] }
  | { ok: false; outcome: "timeout" | "failed" | "malformed"; note: string };

const answerSchema = z.object({
  integrations: z.array(z.object({
    provider: z.string().min(1).max(80),
    required: z.boolean(),
    confidence: z.number().min(0).max(1),
    reason: z.string().max(400),
    evidence: z.array(z.string().max(120)).max(10).default([]),
  })).max(40),
  not_in_catalog: z.array(z.object({ name: z.string().min(1).max(80), reason: z.string().max(400) })).max(20).default([]),
});

function jsonSchema(ids: string[]) {
  return {
    type: "object", additionalProperties: false, required: ["integrations", "not_in_catalog"],
    properties: {
      integrations: {
        type: "array",
        items: {
          type: "object", additionalProperties: false, required: ["provider", "required", "confidence", "reason", "evidence"],
          properties: {
            provider: { type: "string", enum: ids },
            required: { type: "boolean" },
            confidence: { type: "number" },
            reason: { type: "string" },
            evidence: { type: "array", items: { type: "string" } },
          },
        },
      },
      not_in_catalog: {
        type: "array",
        items: { type: "object", additionalProperties: false, required: ["name", "reason"], properties: { name: { type: "string" }, reason: { type: "string" } } },
      },
    },
  };
}

function instructions(catalog: CatalogEntry[]): string {
  return [
    "You read a description of a software application (plain text, a package.json or a .env.example) and list the third-party services it needs credentials for.",
    "Choose providers ONLY from this catalog, by id:",
    ...catalog.map((c) => `- ${c.id}: ${c.name}. ${c.description}`),
    "A needed service that is not in the catalog goes in not_in_catalog with its name; never put it in integrations.",
    "Ignore services the description rules out, and everyday words that only look like a service name.",
    "For each integration: required (false if the text says optional or later, or if another listed provider would do instead), confidence from 0 to 1, a one-sentence reason, and evidence: the exact words of the description that point to it.",
    "Answer with JSON only, exactly in this shape: {\"integrations\":[{\"provider\":\"id\",\"required\":true,\"confidence\":0.9,\"reason\":\"...\",\"evidence\":[\"...\"]}],\"not_in_catalog\":[{\"name\":\"...\",\"reason\":\"...\"}]}",
  ].join("\n");
}

function request(provider: ModelProvider, key: string, catalog: CatalogEntry[], description: string, ctx: ValidationContext): { url: string; headers: Record<string, string>; body: unknown } {
  const system = instructions(catalog);
  const user = `Description:\n"""\n${description}\n"""`;
  if (provider === "openai") {
    return {
      url: `${ctx.baseUrl("https://api.openai.com")}/v1/chat/completions`,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: {
        model: MODELS.openai, temperature: 0,
        messages: [{ role: "system", content: system }, { role: "user", content: user }],
        response_format: { type: "json_schema", json_schema: { name: "stack", strict: true, schema: jsonSchema(catalog.map((c) => c.id)) } },
      },
    };
  }
  return {
    url: `${ctx.baseUrl("https://api.anthropic.com")}/v1/messages`,
    headers: { "x-api-key": key, "anthropic-version": "2023-06-01", "Content-Type": "application/json" },
    body: { model: MODELS.anthropic, max_tokens: 2048, temperature: 0, system, messages: [{ role: "user", content: user }] },
  };
}

/** The text of the model's reply, or null when the body is not the provider's reply shape. */
function replyText(provider: ModelProvider, json: unknown): string | null {
  if (provider === "openai") {
    const content = (json as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]?.message?.content;
    return typeof content === "string" ? content : null;
  }
  const blocks = (json as { content?: { type?: unknown; text?: unknown }[] } | null)?.content;
  if (!Array.isArray(blocks)) return null;
  const text = blocks.filter((b) => b?.type === "text" && typeof b.text === "string").map((b) => b.text as string).join("");
  return text === "" ? null : text;
}

// Models sometimes wrap JSON in a code fence despite being asked not to.
const unfence = (text: string) => text.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");

export async function askModel(
  provider: ModelProvider, key: string, catalog: CatalogEntry[], description: string, ctx: ValidationContext, timeoutMs: number,
): Promise<ModelAnswer> {
  const name = provider === "openai" ? "OpenAI" : "Anthropic";
  const req = request(provider, key, catalog, description, ctx);
  let res: Response;
  let body: unknown;
  try {
    res = await ctx.fetch(req.url, {
      method: "POST", headers: { ...req.headers, "User-Agent": ctx.userAgent }, body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs), redirect: "error",
    });
    body = await res.json().catch(() => null);
  } catch (err) {
    // A DOMException, which is not always an Error of this realm: compare the name only.
    const errName = (err as { name?: unknown } | null)?.name;
    const timedOut = errName === "TimeoutError" || errName === "AbortError";
    return timedOut
      ? { ok: false, outcome: "timeout", note: `${name} did not answer within ${Math.round(timeoutMs / 1000)} s.` }
      : { ok: false, outcome: "failed", note: `${name} could not be reached.` };
  }
  if (!res.ok) return { ok: false, outcome: "failed", note: `${name} answered HTTP ${res.status}.` };
  const text = replyText(provider, body);
  if (text === null) return { ok: false, outcome: "malformed", note: `${name}'s reply had no text in it.` };
  let json: unknown;
  try {
    json = JSON.parse(unfence(text));
  } catch {
    return { ok: false, outcome: "malformed", note: `${name}'s reply was not JSON.` };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, outcome: "malformed", note: `${name}'s reply did not have the asked-for shape.` };

  const ids = new Set(catalog.map((c) => c.id));
  const lower = description.toLowerCase();
  const proposals: ModelProposal[] = [];
  const notInCatalog = parsed.data.not_in_catalog.map((n) => ({ name: n.name, reason: n.reason }));
  for (const i of parsed.data.integrations) {
    if (!ids.has(i.provider)) {
      notInCatalog.push({ name: i.provider, reason: i.reason });
      continue;
    }
    // Evidence the description does not contain is the model's invention, not a trigger.
    proposals.push({ ...i, evidence: i.evidence.filter((e) => e.trim() !== "" && lower.includes(e.toLowerCase())) });
  }
  return { ok: true, proposals, notInCatalog };
}
