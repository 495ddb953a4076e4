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
});
