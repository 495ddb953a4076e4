import { analyzeStackHandler } from "@/lib/api/stack";
import { MAX_DESCRIPTION_CHARS } from "@/lib/zod/stack";
import { apiRequest, apiWorld, makeKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

type Body = { error?: { code: string; message: string }; groups?: { category: string; integrations: Record<string, unknown>[] }[]; notes?: string[] };

describe.each(dbKinds)("POST /api/v1/stack/{org}/analyze on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let read: string;
  const post = async (opts: { key?: string; json?: unknown; body?: string }, slug = world.a.slug) => {
    const res = await analyzeStackHandler(apiRequest("POST", `/api/v1/stack/${slug}/analyze`, opts), { orgSlug: slug }, world.deps);
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    world = await apiWorld(kind, "stackapi");
    read = (await makeKey(world.db, world.a, ["read"])).key;
  });
  afterAll(() => world.close());

  it("answers the grouped proposals, each with its catalog provider id and status", async () => {
    const { status, body } = await post({ key: read, json: { description: "Subscriptions with Stripe, emails via Resend, and OPENAI_API_KEY for summaries." } });
    expect(status).toBe(200);
    const all = body.groups!.flatMap((g) => g.integrations);
    expect(all.map((i) => i.provider_id)).toEqual(["openai", "stripe", "resend"]);
    expect(all[1]).toMatchObject({ provider: "STRIPE", provider_id: "stripe", required: true, status: "NOT_CONFIGURED", sources: ["deterministic"], triggers: ["Stripe"] });
    expect(typeof all[1].reason).toBe("string");
    expect(body.groups!.map((g) => g.category)).toEqual(["llm", "payments", "messaging"]);
  });

  it("needs a key of this org with the read scope", async () => {
    expect((await post({ json: { description: "Stripe" } })).body.error?.code).toBe("missing_api_key");
    const other = (await makeKey(world.db, world.b, ["read"])).key;
    expect((await post({ key: other, json: { description: "Stripe" } })).body.error?.code).toBe("org_forbidden");
    const exportOnly = (await makeKey(world.db, world.a, ["export"])).key;
    expect(await post({ key: exportOnly, json: { description: "Stripe" } })).toMatchObject({ status: 403, body: { error: { code: "insufficient_scope" } } });
  });

  it("refuses bad bodies with a sentence: not JSON, no description, too long, too large", async () => {
    expect(await post({ key: read, body: "{nope" })).toMatchObject({ status: 400, body: { error: { code: "invalid_json" } } });
    expect(await post({ key: read, json: {} })).toMatchObject({ status: 400, body: { error: { code: "invalid_request", message: "description must be a string." } } });
    expect(await post({ key: read, json: { description: "   " } })).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    const long = await post({ key: read, json: { description: "a ".repeat(MAX_DESCRIPTION_CHARS) } });
    expect(long).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    expect(long.body.error!.message).toMatch(/Keep it under 32,000 characters/);
    expect(await post({ key: read, body: JSON.stringify({ description: "x".repeat(70 * 1024) }) })).toMatchObject({ status: 400, body: { error: { message: "The request body is larger than 64 KB." } } });
  });
});
