import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { CredentialList } from "@/components/integrations/credential-list";
import { IntegrationTile } from "@/components/integrations/integration-tile";
import { ProviderHeader } from "@/components/integrations/provider-header";
import { SettingsCredentialRow } from "@/components/settings/settings-credential-row";
import { catalogSummary, otherValidNote, providerStatus, tileDetail } from "@/lib/integrations/provider-status";
import { listIntegrations, listProviderSummaries } from "@/lib/integrations/queries";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;
const NOTE = "The default is Pending; 1 other credential is Valid.";
const text = (html: string) => html.replace(/<[^>]+>/g, "\n").replace(/&#x27;/g, "'").split("\n").map((s) => s.trim()).filter(Boolean).join("\n");

// The same state the new user hit: a default saved without verifying, then a second key that verified.
describe.each(dbKinds)("a provider with a pending default and a valid second key, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    env = await healthEnv(kind);
    org = await makeOrg(env.db, `status-${kind}`);
    env.fake.keys.set(openaiKey("pend"), "outage");
    await setupIntegration(env.deps, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name: "default", credential: { apiKey: openaiKey("pend") }, skipValidation: true });
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "verified", openaiKey("ok"));
  });
  afterAll(() => env.close());

  it("the tile shows the default's status and says another credential is valid", async () => {
    const [summary] = await listProviderSummaries(env.db, org.orgId);
    expect(summary).toMatchObject({ provider: "openai", status: "PENDING", count: 2, otherValid: 1 });
    const html = renderToStaticMarkup(createElement(IntegrationTile, { href: "/x", tile: { id: "openai", name: "OpenAI", iconHref: null, detail: tileDetail(summary, "OpenAI models"), ...summary } }));
    expect(html).toContain('data-status="PENDING"');
    expect(text(html)).toContain(NOTE);
    expect(text(html)).toContain("2 credentials");
  });

  it("the provider page says so beside its status and offers Make default on the valid credential, to admins only", async () => {
    const rows = await listIntegrations(env.db, org.orgId, "openai");
    const status = providerStatus(rows);
    expect(status).toEqual({ status: "PENDING", otherValid: 1 });
    const header = text(renderToStaticMarkup(createElement(ProviderHeader, { orgSlug: org.slug, provider: openai, status, canEdit: true })));
    expect(header).toContain(`${NOTE} Make it the default below so exports hand out a working key.`);
    const list = renderToStaticMarkup(createElement(CredentialList, { rows, makeDefault: { orgSlug: org.slug, providerName: "OpenAI" } }));
    expect(list.match(/aria-label="Make default: OpenAI “[^"]+”"/g)).toEqual(['aria-label="Make default: OpenAI “verified”"']);
    expect(renderToStaticMarkup(createElement(CredentialList, { rows }))).not.toContain("Make default");
    // The key saved without verifying was never checked: it does not say when it was "last checked".
    expect(text(list)).toMatch(/Saved without verifying \d{4}-\d\d-\d\d \d\d:\d\d UTC; not checked yet/);
    expect(text(list)).not.toMatch(/Last checked .*Saved without verifying/);
  });

  it("settings says it on the default's row, the same words", async () => {
    const rows = await listIntegrations(env.db, org.orgId);
    const note = otherValidNote(providerStatus(rows));
    const html = rows.map((row) => renderToStaticMarkup(createElement(SettingsCredentialRow, { orgSlug: org.slug, row, providerName: "OpenAI", canEdit: true, note: row.isDefault ? note : null }))).join("");
    expect(text(html).split("\n").filter((l) => l === NOTE)).toHaveLength(1);
    expect(text(html)).not.toMatch(/Last checked [^\n]*: Saved without verifying/);
  });

  it("the catalog counts what is set up and what works, not pending and invalid keys as connected", () => {
    expect(catalogSummary([{ status: "PENDING", otherValid: 1 }, { status: "VALID", otherValid: 0 }, { status: "INVALID", otherValid: 0 }], 27))
      .toBe("3 of 27 providers set up, 1 working.");
  });

  it("the tile's line is the default's account and the credential count, else the description", () => {
    expect(tileDetail({ accountLabel: "acct-1", count: 3 }, "About")).toBe("acct-1 · 3 credentials");
    expect(tileDetail({ accountLabel: "acct-1", count: 1 }, "About")).toBe("acct-1");
    expect(tileDetail({ accountLabel: null, count: 2 }, "About")).toBe("2 credentials");
    expect(tileDetail({ accountLabel: null, count: 1 }, "About")).toBe("About");
    expect(tileDetail(undefined, "About")).toBe("About");
  });

  it("says nothing more once the valid key is the default, or when no other key is valid", () => {
    expect(otherValidNote({ status: "VALID", otherValid: 0 })).toBeNull();
    expect(otherValidNote({ status: "INVALID", otherValid: 0 })).toBeNull();
    expect(otherValidNote({ status: "INVALID", otherValid: 2 })).toBe("The default is Invalid; 2 other credentials are Valid.");
  });
});
