import { safeReturnPath } from "@/lib/auth/return-path";

// Each of these, followed by a browser or Next's client router, leaves the site or runs script.
const HOSTILE = [
  "/..//evil.example/login",
  "/.//evil.example/x",
  "/./evil.example",
  "/a/../..//evil.example",
  "/%2e%2e//evil.example/login",
  "/%2E%2E/%2Fevil.example",
  "/.%2e//evil.example",
  "//evil.example",
  "//evil.example/path",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "%2f%2fevil.example",
  "/%2f%2fevil.example",
  "/%2F/evil.example",
  "/%5cevil.example",
  "/%5Cevil.example",
  "/%255cevil.example",
  "/%252f%252fevil.example",
  "/%25252e%25252e//evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%00",
  "/ /evil.example",
  "\t//evil.example",
  " /orgs",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "/javascript:alert(1)//%0aalert(1)",
  "data:text/html,<script>alert(1)</script>",
  "http://evil.example",
  "https://evil.example/orgs",
  "https:evil.example",
  "http:/evil.example",
  "evil.example",
  "orgs",
  "?next=//evil",
  "#//evil",
  "",
  "/a//b",
  "/orgs/%",
  "/orgs/%zz",
  "/caf\u00e9",
  "/\u2215\u2215evil.example",
  "/\uff0f\uff0fevil.example",
  `/${"a".repeat(3000)}`,
];

const FINE = ["/", "/orgs", "/orgs/new", "/acme/integrations", "/acme/integrations/openai?tab=keys", "/acme/settings/audit?before=123#top", "/orgs/join?code=AB-12", "/a/b.c/d..e", "/a%41b"];

describe("safeReturnPath", () => {
  it.each(HOSTILE)("refuses %j", (raw) => {
    expect(safeReturnPath(raw)).toBe("/");
    expect(safeReturnPath(raw, "")).toBe("");
  });

  it.each(FINE)("keeps %j as it is", (raw) => {
    expect(safeReturnPath(raw)).toBe(raw);
  });

  it("keeps only what resolves to this site's origin, whatever the origin", () => {
    for (const raw of [...HOSTILE, ...FINE]) {
      const kept = safeReturnPath(raw, "");
      if (!kept) continue;
      for (const origin of ["http://localhost:3000", "https://switchboard.example.com"]) {
        expect(new URL(kept, origin).origin).toBe(origin);
      }
    }
  });

  it("refuses what is not a string", () => {
    for (const raw of [undefined, null, 42, ["/orgs"], { toString: () => "/orgs" }]) expect(safeReturnPath(raw)).toBe("/");
  });
});
