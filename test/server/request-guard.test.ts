import { readdirSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/api/openapi";
import { ACTION_BODY_LIMIT_BYTES, refuseMalformed } from "@/lib/net/request-guard";

const action = (headers: Record<string, string>, url = "http://sb.test/acme/settings/members") =>
  new Request(url, { method: "POST", headers: { host: "sb.test", "next-action": "7f00aa", ...headers } });

describe("requests refused before Next sees them", () => {
  it("an empty or unparseable Origin on a server action is a 400 with a sentence, not a 500", async () => {
    for (const origin of ["", "garbage", "http://"]) {
      const res = (await refuseMalformed(action({ origin })))!;
      expect([origin, res.status]).toEqual([origin, 400]);
      expect(await res.text()).toMatch(/Origin header is empty or not an address/);
    }
  });

  it("a server action from another site (or from null) is a 403", async () => {
    for (const origin of ["http://evil.example", "null", "http://sb.test.evil.example"]) {
      expect([origin, (await refuseMalformed(action({ origin })))?.status]).toEqual([origin, 403]);
    }
  });

  it("a server action from its own origin, or without Origin, passes; so do other requests", async () => {
    expect(await refuseMalformed(action({ origin: "http://sb.test" }))).toBeNull();
    expect(await refuseMalformed(action({ origin: "https://switchboard.example", "x-forwarded-host": "switchboard.example" }))).toBeNull();
    expect(await refuseMalformed(action({}))).toBeNull();
    expect(await refuseMalformed(new Request("http://sb.test/api/v1/integrations/acme/openai/setup", { method: "POST", headers: { origin: "" } }))).toBeNull();
    expect(await refuseMalformed(new Request("http://sb.test/acme/integrations"))).toBeNull();
  });

  it("a server action body declared over 1 MB is a 413 with a sentence", async () => {
    const res = (await refuseMalformed(action({ origin: "http://sb.test", "content-length": String(ACTION_BODY_LIMIT_BYTES + 1) })))!;
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/more than 1 MB/);
    expect((await refuseMalformed(action({ "content-type": "multipart/form-data; boundary=x", "content-length": String(5 * ACTION_BODY_LIMIT_BYTES) }, "http://sb.test/sign-in")))?.status).toBe(413);
    expect(await refuseMalformed(action({ "content-length": String(ACTION_BODY_LIMIT_BYTES) }))).toBeNull();
    // No Content-Length (a chunked body): read up to the limit, and refused past it.
    const chunked = (size: number) => new Request("http://sb.test/sign-in", {
      method: "POST", headers: { host: "sb.test", "next-action": "7f00aa" }, duplex: "half",
      body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array(size)); c.close(); } }),
    } as RequestInit);
    expect(((await refuseMalformed(chunked(ACTION_BODY_LIMIT_BYTES + 1))))?.status).toBe(413);
    expect(await refuseMalformed(chunked(1000))).toBeNull();
  });

  it("a path with control characters or broken encoding is a 400 before any page looks up the org", async () => {
    for (const p of ["/%00/integrations", "/acme%0a/settings", "/%E2%80%AEacme/integrations", "/%E0%A4%A/x"]) {
      expect([p, (await refuseMalformed(new Request(`http://sb.test${p}`)))?.status]).toEqual([p, 400]);
    }
  });
});

describe("a wrong method on the REST API", () => {
  const ROOT = path.join(process.cwd(), "app/api/v1");
  const routeFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : []);

  // The methods each route takes, as the OpenAPI document lists them (api-openapi.test.ts holds it to the code).
  const documented = (file: string) => {
    // [orgSlug] is {org} in the document; a catch-all segment ([...path]) is one parameter there.
    const url = `/api/v1/${path.dirname(file)}`.replace("[orgSlug]", "{org}").replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
    return Object.keys((openApiDocument.paths as Record<string, object>)[url]).map((m) => m.toUpperCase()).sort();
  };

  it.each(routeFiles(ROOT).map((f) => [path.relative(ROOT, f)]))("%s answers 405 in the error shape with Allow", async (file) => {
    const mod = (await import(path.join(ROOT, file))) as Record<string, (req: Request) => Response | Promise<Response>>;
    const allow = documented(file);
    expect(allow.length).toBeGreaterThan(0);
    for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((x) => !allow.includes(x))) {
      expect([m, typeof mod[m]]).toEqual([m, "function"]);
      const res = await mod[m](new Request(`http://sb.test/api/v1/${file}`, { method: m }));
      expect([m, res.status, res.headers.get("allow")?.split(", ").sort()]).toEqual([m, 405, allow]);
      expect(await res.json()).toEqual({ error: { code: "method_not_allowed", message: expect.stringMatching(/^This endpoint takes [A-Z]+( or [A-Z]+)* only\.$/) } });
    }
  });
});
