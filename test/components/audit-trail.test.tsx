import { render, screen, within } from "@testing-library/react";
import { AuditTrail } from "@/components/settings/audit-trail";
import type { AuditRow } from "@/lib/audit";

const at = new Date("2026-12-03T09:00:00Z");
const row = (id: string, action: AuditRow["action"], metadata: Record<string, unknown>, actorEmail: string | null = "ada@example.test"): AuditRow =>
  ({ id, action, provider: action.startsWith("integration") ? "openai" : null, outcome: "done", actorEmail, actorType: null, actorName: null, ip: null, metadata, createdAt: at });

// Metadata exactly as lib/api/manage-keys.ts, lib/integrations/named.ts and the memberships trigger write it.
const EVENTS: AuditRow[] = [
  row("1", "api_key.create", { key_prefix: "ab12cd34", name: "CI deploy", scopes: "export", expires_at: null }),
  row("2", "api_key.revoke", { key_prefix: "ab12cd34", name: "CI deploy" }),
  row("3", "api_key.revoke", { key_prefix: "zz99yy88", name: "laptop", reason: "creator_removed", creator: "u1" }, null),
  row("4", "integration.rename", { fingerprint: "sk-…T3Bl", from: "default", name: "production" }),
];

describe("the audit trail", () => {
  it("names the API key created or revoked, why a key was revoked on its own, and a rename's old and new names", () => {
    render(<AuditTrail events={EVENTS} />);
    const table = within(screen.getByRole("table"));
    const cell = (action: string, n = 0) => table.getAllByRole("row").filter((r) => r.getAttribute("data-audit") === action)[n];
    expect(cell("api_key.create")).toHaveTextContent('Created API key "CI deploy" (sbk_ab12cd34_…)');
    expect(cell("api_key.revoke", 0)).toHaveTextContent('Revoked API key "CI deploy" (sbk_ab12cd34_…)');
    expect(cell("api_key.revoke", 1)).toHaveTextContent('Revoked API key "laptop" (sbk_zz99yy88_…): its creator was removed from the org');
    expect(cell("integration.rename")).toHaveTextContent('Renamed credential "default" to "production" (sk-…T3Bl)');
  });
});
