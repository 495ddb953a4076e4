import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isAuthorizedCron } from "@/lib/cron/auth";

const SECRET = "cron-secret-0123456789abcdef";

describe("the cron route's secret check", () => {
  it("accepts exactly the bearer secret", () => {
    expect(isAuthorizedCron(`Bearer ${SECRET}`, SECRET)).toBe(true);
    for (const header of [null, "", SECRET, `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, `bearer ${SECRET}`, "Bearer "]) {
      expect(isAuthorizedCron(header, SECRET)).toBe(false);
    }
  });

  it("authorizes nobody when no secret is configured", () => {
    expect(isAuthorizedCron("Bearer ", undefined)).toBe(false);
    expect(isAuthorizedCron("Bearer undefined", undefined)).toBe(false);
    expect(isAuthorizedCron("Bearer ", "")).toBe(false);
  });
});

describe("GET and POST /api/cron/revalidate", () => {
  let route: typeof import("@/app/api/cron/revalidate/route");
  const saved = { ...process.env };
  const call = (method: "GET" | "POST", authorization?: string) =>
    route[method](new Request("http://localhost/api/cron/revalidate", { method, headers: authorization ? { authorization } : {} }));

  beforeAll(async () => {
    // The route reads the parsed env at import: an embedded database in a scratch directory.
    delete process.env.DATABASE_URL;
    delete process.env.KMS_KEY_ID;
    process.env.DATA_DIR = await mkdtemp(path.join(tmpdir(), "sb-cron-"));
    process.env.CRON_SECRET = SECRET;
    route = await import("@/app/api/cron/revalidate/route");
  });
  afterAll(async () => {
    process.env = saved;
    const { getDb } = await import("@/lib/db");
    await (await getDb()).close();
  });

  it("answers 401 without the secret, or with a wrong one", async () => {
    for (const auth of [undefined, "Bearer wrong-secret-0123456789", `Basic ${SECRET}`]) {
      const res = await call("GET", auth);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Unauthorized." });
    }
    expect((await call("POST")).status).toBe(401);
  });

  it("runs the scheduler and answers with a JSON summary", async () => {
    for (const method of ["GET", "POST"] as const) {
      const res = await call(method, `Bearer ${SECRET}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ran: true, checked: 0, failed: 0, backedOff: [] });
    }
  });
});
