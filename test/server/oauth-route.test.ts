import { createHmac } from "node:crypto";

// The route reads its configuration from the environment once, at import.
process.env.NANGO_SECRET_KEY = "route-test-secret";
process.env.NANGO_HOST = "http://127.0.0.1:9";

const post = async (raw: string, headers: Record<string, string>) => {
  const { POST } = await import("@/app/api/nango/webhook/route");
  return POST(new Request("http://sb.test/api/nango/webhook", { method: "POST", body: raw, headers }));
};
const sign = (raw: string, key = "route-test-secret") => createHmac("sha256", key).update(raw).digest("hex");

describe("POST /api/nango/webhook", () => {
  const raw = JSON.stringify({ from: "nango", type: "sync", connectionId: "c1", providerConfigKey: "slack" });

  it("checks the signature over the raw body before anything else", async () => {
    const res = await post(raw, { "x-nango-hmac-sha256": sign(raw, "forged") });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, result: "Bad signature." });
  });

  it("accepts a signed body (a sync webhook is acknowledged and ignored)", async () => {
    const res = await post(raw, { "x-nango-hmac-sha256": sign(raw) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, result: expect.stringMatching(/^ignored/) });
  });

  it("refuses an oversized body", async () => {
    const big = "x".repeat(70 * 1024);
    expect((await post(big, { "x-nango-hmac-sha256": sign(big) })).status).toBe(413);
  });
});
