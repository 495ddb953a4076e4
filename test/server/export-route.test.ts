import { GET } from "@/app/[orgSlug]/settings/(tabs)/export/env/route";

describe("the .env download route", () => {
  it("refuses a browser request that started on another site, before reading any session", async () => {
    const req = new Request("http://localhost/acme/settings/export/env", { headers: { "sec-fetch-site": "cross-site" } });
    const res = await GET(req, { params: Promise.resolve({ orgSlug: "acme" }) });
    expect(res.status).toBe(403);
  });
});
