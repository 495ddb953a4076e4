import { readFileSync } from "node:fs";
import { getProvider, providerIds, providers, providersByCategory } from "@/lib/providers";

describe("provider registry", () => {
  it("is described in the README's table under the same headings, in the same order, as on the integrations page", () => {
    const readme: { title: string; ids: string[] }[] = [];
    for (const line of readFileSync("README.md", "utf8").split("\n")) {
      const heading = /^\| \*\*(.+)\*\* \| \| \|$/.exec(line);
      if (heading) readme.push({ title: heading[1], ids: [] });
      const row = /^\| [^|]+ \(`([a-z0-9_]+)`\) \|/.exec(line);
      if (row) readme.at(-1)!.ids.push(row[1]);
    }
    expect(readme).toEqual(providersByCategory().map((g) => ({ title: g.title, ids: g.providers.map((p) => p.id) })));
  });

  it("lists each provider once and finds it by id", () => {
    expect(new Set(providerIds).size).toBe(providers.length);
    for (const p of providers) expect(getProvider(p.id)).toBe(p);
    expect(getProvider("nope")).toBeUndefined();
  });

  it.each(providers.map((p) => [p.id, p] as const))("%s has a complete definition", (_id, p) => {
    const fieldNames = p.fields.map((f) => f.name);
    // The integrations table's check constraint: a hyphenated id could never be stored.
    expect(p.id).toMatch(/^[a-z0-9_]{2,40}$/);
    // OAuth-only providers (Slack, Notion…) have no key to paste: Nango holds their tokens.
    expect(p.fields.length > 0 || (p.oauth && p.env.length === 0)).toBe(true);
    for (const e of p.env) expect(fieldNames).toContain(e.field);
    expect(p.setupSteps.length).toBeGreaterThanOrEqual(3);
    expect(p.setupSteps.some((s) => s.link?.href === p.keysUrl)).toBe(true);
    expect(p.keysUrl).toMatch(/^https:\/\//);
    // Every required field refuses an empty value with a sentence, before any network call.
    for (const f of p.fields.filter((f) => !f.optional)) {
      const r = f.schema.safeParse("");
      expect(r.success).toBe(false);
      expect(r.error?.issues[0].message).toMatch(/^[A-Z].*\.$/);
    }
  });
});
