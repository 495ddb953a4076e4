import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NotificationList } from "@/components/integrations/notification-list";
import type { NotificationRow } from "@/lib/integrations/notifications";

// A server component test in the node project: the list reads the provider catalog, whose ESM
// dependencies (jose) the jsdom project cannot load.
const note = (kind: string, integrationName: string, id: string): NotificationRow => ({
  id, integrationId: "11111111-1111-4111-8111-111111111111", provider: "openai", integrationName, kind,
  message: "OpenAI rejected the key.", createdAt: new Date("2026-12-03T08:00:00Z"),
});
const text = (html: string) => html.replace(/<[^>]+>/g, "\n").split("\n").map((s) => s.trim()).filter(Boolean);

describe("notification list wording", () => {
  it("says a key saved without verifying was rejected, and only a key that had worked 'stopped working'", () => {
    const html = renderToStaticMarkup(createElement(NotificationList, {
      orgSlug: "acme", canDismiss: false,
      notifications: [note("unverified_rejected", "staging", "00000000-0000-4000-8000-000000000001"), note("credential_invalid", "production", "00000000-0000-4000-8000-000000000002")],
    }));
    const lines = text(html);
    expect(lines).toContain("OpenAI rejected staging, the key saved without verifying, at 2026-12-03 08:00 UTC");
    expect(lines).toContain("OpenAI production stopped working at 2026-12-03 08:00 UTC");
    expect(lines.filter((l) => l.includes("stopped working"))).toHaveLength(1);
  });

  it("says a credential was renamed, and offers no key fix for it", () => {
    const html = renderToStaticMarkup(createElement(NotificationList, {
      orgSlug: "acme", canDismiss: true, notifications: [note("credential_renamed", "prod (1a2b3c4d)", "00000000-0000-4000-8000-000000000003")],
    }));
    const lines = text(html);
    expect(lines).toContain("OpenAI prod (1a2b3c4d) was renamed");
    expect(lines).toContain("See the credential");
    expect(lines.some((l) => l.includes("replace or re-validate"))).toBe(false);
  });
});
