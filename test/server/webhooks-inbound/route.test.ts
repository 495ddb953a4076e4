import { GET, POST } from "@/app/api/hooks/[token]/route";
import { createInboundEndpoint } from "@/lib/webhooks/inbound/service";
import { dbKinds } from "../../helpers/db";
import { inboundEnv } from "../../helpers/inbound";

// The route with this test's database and vault; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof inboundEnv>>, failDb: false };
jest.mock("@/lib/db", () => ({ getDb: async () => { if (mockCurrent.failDb) throw new Error("connection refused"); return mockCurrent.env!.db; } }));
jest.mock("@/lib/vault", () => ({ getVault: async () => mockCurrent.env!.vault }));

describe.each(dbKinds)("POST /api/hooks/{token} on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  let token: string;
  const call = (t: string, init: RequestInit) => POST(new Request(`http://127.0.0.1/api/hooks/${encodeURIComponent(t)}`, { method: "POST", ...init }), { params: Promise.resolve({ token: t }) });

  beforeAll(async () => {
    env = mockCurrent.env = await inboundEnv(kind, `inbound-route-${kind}`);
    const made = await createInboundEndpoint(env.db, env.vault, env.actor, { orgId: env.org.orgId, integrationId: env.credentials.openai, scheme: "standard_webhooks", name: "route", hmac: null });
    if (made.kind !== "created") throw new Error(made.error);
    token = made.endpoint.token;
  });
  afterAll(() => env.close());

  it("answers every hostile input with a 4xx and a JSON sentence, never a 500", async () => {
    const bodies = ["", "\u0000", "{".repeat(50_000), "null", JSON.stringify({ type: "x".repeat(500) }), "\ud800"];
    const headerSets: Record<string, string>[] = [
      {}, { "webhook-id": "", "webhook-timestamp": "", "webhook-signature": "" },
      { "webhook-id": "a".repeat(5000), "webhook-timestamp": "-1", "webhook-signature": "v1,@@@" },
      { "webhook-id": "m", "webhook-timestamp": "99999999999999999999", "webhook-signature": "v1a,xyz v1," },
      { "content-length": "999999999" },
    ];
    const tokens = [token, "", "A".repeat(43), "../../etc/passwd", "%00", "x".repeat(5000)];
    let answered = 0;
    for (const t of tokens) for (const body of bodies) for (const headers of headerSets) {
      let res: Response;
      try {
        res = await call(t, { body, headers });
      } catch {
        continue; // undici refused to build the request (a bad Content-Length): it never reaches the route
      }
      expect([400, 404, 409, 413]).toContain(res.status);
      expect(await res.json()).toEqual({ received: false, message: expect.any(String) });
      answered++;
    }
    expect(answered).toBe(tokens.length * bodies.length * headerSets.length);
  });

  it("answers 503 with Retry-After when the database is down, so the sender retries", async () => {
    mockCurrent.failDb = true;
    try {
      const res = await call(token, { body: "{}" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
    } finally {
      mockCurrent.failDb = false;
    }
  });

  it("takes POST only", async () => {
    const res = await GET();
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
