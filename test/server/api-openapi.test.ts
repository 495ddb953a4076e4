import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { API_ERRORS } from "@/lib/api/errors";
import { openApiDocument } from "@/lib/api/openapi";
import { GET } from "@/app/api/v1/openapi.json/route";

const ROOT = path.join(process.cwd(), "app/api/v1");

/** Every route.ts under app/api/v1 as an OpenAPI path, with the methods it exports. */
function routes(dir = ROOT): { path: string; methods: string[] }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routes(full);
    if (entry.name !== "route.ts") return [];
    const url = `/api/v1/${path.relative(ROOT, dir)}`.replace("[orgSlug]", "{org}").replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
    const methods = [...readFileSync(full, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1].toLowerCase());
    return [{ path: url, methods }];
  });
}

describe("the OpenAPI document", () => {
  const doc = JSON.parse(JSON.stringify(openApiDocument)) as typeof openApiDocument & { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

  it("is served as JSON by GET /api/v1/openapi.json and declares OpenAPI 3.1", async () => {
    const res = GET();
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(await res.json()).toEqual(doc);
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  it("lists every route handler under app/api/v1 with exactly its methods", () => {
    const found = routes();
    expect(found.length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(doc.paths).sort()).toEqual(found.map((r) => r.path).sort());
    for (const r of found) expect(Object.keys(doc.paths[r.path]).sort()).toEqual(r.methods.sort());
  });

  it("documents every error code, and every $ref resolves", () => {
    // method_not_allowed belongs to no operation: the document's description names it.
    const text = JSON.stringify(doc.paths) + doc.info.description;
    for (const code of Object.keys(API_ERRORS)) expect(text).toContain(code);
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
  });

  it("names the scope and the X-API-Key security on every org endpoint", () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });
    for (const [p, ops] of Object.entries(doc.paths)) {
      if (p.endsWith("openapi.json")) continue;
      if (p.startsWith("/api/v1/agent/")) {
        // Agent endpoints take an agent's bearer token, not an org API key with a scope.
        for (const op of Object.values(ops) as Record<string, unknown>[]) expect(op.security).toEqual([{ agentToken: [] }]);
        continue;
      }
      for (const op of Object.values(ops) as Record<string, unknown>[]) expect(op["x-required-scope"]).toMatch(/^(read|write|export|request)$/);
    }
  });
});
