import { render, screen, within } from "@testing-library/react";
import { AuditTrail } from "@/components/settings/audit-trail";
import type { AuditRow } from "@/lib/audit";

const at = new Date("2026-12-03T09:00:00Z");
const row = (id: string, action: AuditRow["action"], metadata: Record<string, unknown>, actorEmail: string | null = "ada@example.test"): AuditRow =>
  ({ id, action, provider: action.startsWith("integration") ? "openai" : null, outcome: "done", actorEmail, actorType: null, actorName: null, ip: null, metadata, credentialName: null, createdAt: at });

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

  it("names Switchboard itself as the actor of what an upgrade did", () => {
    render(<AuditTrail events={[
      { ...row("9", "integration.rename", { from: "prod", name: "prod (1a2b3c4d)", fingerprint: "…wxyz" }, null), actorType: "system", actorName: "Switchboard" },
    ]} providerNames={{ openai: "OpenAI" }} />);
    const renamed = within(screen.getByRole("table")).getAllByRole("row").find((r) => r.getAttribute("data-audit") === "integration.rename")!;
    expect(renamed).toHaveTextContent("Switchboard");
    expect(renamed).not.toHaveTextContent(/\bsystem\b/);
  });

  it("says agents' events in words, with the agent a person acted on and the call an agent made", () => {
    const agentRow = (id: string, action: AuditRow["action"], metadata: Record<string, unknown>): AuditRow =>
      ({ ...row(id, action, metadata, null), actorType: "agent", actorName: "ci-bot" });
    // Metadata as lib/agents/manage.ts and broker.ts write it.
    render(<AuditTrail events={[
      row("5", "agent.create", { agent_id: "a1", name: "ci-bot", prefix: "p1", expires_at: null, allowed_cidrs: null }),
      { ...row("6", "agent.grant", { agent_id: "a1", agent: "ci-bot", grant_id: "g1", operations: "proxy" }), provider: "openai" },
      agentRow("7", "agent.call", { operation: "proxy", grant_id: "g1", method: "GET", path: "/v1/models" }),
      row("8", "request.create", { reason: "deploy" }),
    ]} providerNames={{ openai: "OpenAI" }} />);
    const table = within(screen.getByRole("table"));
    const cell = (action: string) => table.getAllByRole("row").find((r) => r.getAttribute("data-audit") === action)!;
    expect(cell("agent.create")).toHaveTextContent('Created agent "ci-bot"');
    expect(cell("agent.grant")).toHaveTextContent('Granted an integration to agent "ci-bot"');
    expect(cell("agent.call")).toHaveTextContent("Agent ci-bot");
    expect(cell("agent.call")).toHaveTextContent("Proxied a call (GET /v1/models)");
    expect(cell("request.create")).toHaveTextContent("Requested a credential");
    expect(within(cell("agent.grant")).getByText("OpenAI")).toBeInTheDocument();
    expect(table.queryByText(/agent\.|request\./)).toBeNull();
  });
});

describe("the audit trail's Outcome column", () => {
  const outcomeOf = (action: AuditRow["action"], outcome: string) => {
    const { unmount } = render(<AuditTrail events={[{ ...row("1", action, {}), outcome }]} />);
    const cells = within(screen.getByRole("table")).getAllByRole("cell");
    const said = cells[4].textContent;
    unmount();
    return said;
  };

  it("says each outcome in words a person reads, not the code the writer recorded", () => {
    expect(outcomeOf("integration.set_default", "switched")).toBe("Made default");
    expect(outcomeOf("member.remove", "removed")).toBe("Removed");
    expect(outcomeOf("member.invite", "member")).toBe("Role: member");
    expect(outcomeOf("member.join", "admin")).toBe("Joined as admin");
    expect(outcomeOf("member.reset_code", "issued by owner")).toBe("Issued by an owner");
    expect(outcomeOf("access.refused", "needs admin")).toBe("Refused: needs the admin role");
    expect(outcomeOf("integration.validate", "invalid")).toBe("Rejected");
    expect(outcomeOf("integration.validate", "unreadable")).toBe("Could not decrypt it");
    expect(outcomeOf("integration.store", "unverified")).toBe("Saved without verifying");
    expect(outcomeOf("agent.list", "ok")).toBe("Done");
    expect(outcomeOf("agent.refused", "agent_address_not_allowed")).toBe("Refused: address not allowed");
    expect(outcomeOf("billing.plan_change", "team")).toBe("Now on Team");
    expect(outcomeOf("request.create", "pending")).toBe("Waiting for a credential");
  });

  it("gives a code the meaning its action gives it", () => {
    expect(outcomeOf("integration.export", "partial")).toBe("Some variables left out");
    expect(outcomeOf("deployment.env_sync", "partial")).toBe("Partly synced");
    expect(outcomeOf("oauth.connect", "valid")).toBe("Connected");
    expect(outcomeOf("agent.call", "canceled")).toBe("The caller stopped reading");
    expect(outcomeOf("request.cancel", "canceled")).toBe("Canceled");
  });

  it("reads an outcome no writer records any more as itself, capitalised, and never leaves the cell blank", () => {
    expect(outcomeOf("integration.store", "replaced")).toBe("Replaced");
    expect(outcomeOf("webhook.test", "some_new_code")).toBe("Some new code");
    expect(outcomeOf("webhook.test", "")).toBe("Recorded");
  });
});

describe("the audit trail's credential rows", () => {
  // Metadata as lib/integrations (service.ts, named.ts, store.ts), lib/oauth and lib/agents write it.
  const whatOf = (e: AuditRow) => {
    const { unmount } = render(<AuditTrail events={[e]} />);
    const said = within(screen.getByRole("table")).getAllByRole("cell")[2].textContent;
    unmount();
    return said;
  };

  it("names the credential, with its fingerprint beside the name, instead of the fingerprint alone", () => {
    expect(whatOf(row("1", "integration.delete", { fingerprint: "…wxyz", name: "production" }))).toBe('Deleted credential "production" (…wxyz)');
    expect(whatOf(row("2", "integration.validate", { fingerprint: "…wxyz", name: "production", previous: "PENDING", status: "VALID", source: "manual" })))
      .toBe('Checked credential "production" (…wxyz)');
    expect(whatOf(row("3", "integration.store", { fingerprint: "…wxyz", name: "production" }))).toBe('Stored credential "production" (…wxyz)');
    expect(whatOf(row("4", "integration.set_default", { fingerprint: "…wxyz", name: "production", previous: "staging" })))
      .toBe('Changed the default credential to "production" (…wxyz), from "staging"');
    expect(whatOf(row("5", "oauth.disconnect", { name: "work account", connection: "ab12cd34" }))).toBe('Disconnected OAuth "work account"');
    expect(whatOf(row("6", "agent.reveal", { grant_id: "g1", credential: "production", fingerprint: "…wxyz", variables: "OPENAI_API_KEY" })))
      .toBe('Took a credential "production" (…wxyz)');
  });

  it("names an agent grant's credential, or says it follows the default", () => {
    expect(whatOf(row("1", "agent.grant", { agent_id: "a1", agent: "ci-bot", grant_id: "g1", target: "named", credential: "production" })))
      .toBe('Granted an integration to agent "ci-bot" (credential "production")');
    expect(whatOf(row("2", "agent.grant", { agent_id: "a1", agent: "ci-bot", grant_id: "g1", target: "default", credential: null })))
      .toBe('Granted an integration to agent "ci-bot" (the default credential)');
    expect(whatOf(row("3", "agent.grant_revoke", { agent_id: "a1", agent: "ci-bot", grant_id: "g1", target: "named", credential: "production" })))
      .toBe('Revoked an agent\'s grant (agent "ci-bot", credential "production")');
  });

  it("names a credential an older row recorded no name for by its name now, and keeps the fingerprint once it is gone", () => {
    expect(whatOf({ ...row("1", "integration.validate", { fingerprint: "…wxyz" }), credentialName: "production" })).toBe('Checked credential "production" (…wxyz)');
    expect(whatOf(row("2", "integration.delete", { fingerprint: "…wxyz" }))).toBe("Deleted credential …wxyz");
    expect(whatOf({ ...row("3", "agent.grant_revoke", { agent_id: "a1", grant_id: "g1" }), credentialName: "production" }))
      .toBe('Revoked an agent\'s grant (credential "production")');
  });
});
