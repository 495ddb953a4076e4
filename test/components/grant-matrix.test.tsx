/**
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// The matrix is a server component reading the provider catalog, whose SDKs (AWS STS, jose) ship
// ES modules under the browser condition: this file resolves packages as the server does.
import "../helpers/server-modules-in-jsdom";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import type { GrantRow } from "@/lib/agents/types";
import type { IntegrationRow } from "@/lib/integrations/queries";

// The server actions are replaced by ones that answer as safe-action does (test/server/
// agents-actions.test.ts checks the real ones); what is under test is the matrix: which rows it
// shows, what each row's form sends, and where a refusal is shown.
const saved: Record<string, string>[] = [];
const setGrant = jest.fn(async (_prev: unknown, form: FormData) => {
  const fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  saved.push(fields);
  // A preset the server no longer knows (the page was open across a release), as the schema refuses it.
  if (fields.maxUses === "stale-preset") return { ok: false as const, status: 400, error: "Check the highlighted fields.", fieldErrors: { preset: ["Pick a preset."] } };
  if (fields.maxUses === "abc") return { ok: false as const, status: 400, error: "Check the highlighted fields.", fieldErrors: { maxUses: ["Max uses is a whole number from 1."] } };
  return fields.rules === "FETCH /v1/x"
    ? { ok: false as const, status: 400, error: "FETCH is not a method the proxy forwards.", fieldErrors: { rules: ["FETCH is not a method the proxy forwards."] } }
    : { ok: true as const, data: { grantId: GRANT_ID }, message: "Grant saved." };
});
const revokeGrant = jest.fn(async (_prev: unknown, form: FormData) => ({ ok: true as const, data: null, message: `Grant revoked (${String(form.get("grantId"))}).` }));
jest.mock("@/actions/agents/set-grant", () => ({ setGrantAction: (prev: unknown, form: FormData) => setGrant(prev, form) }));
jest.mock("@/actions/agents/revoke-grant", () => ({ revokeGrantAction: (prev: unknown, form: FormData) => revokeGrant(prev, form) }));

import { GrantMatrix } from "@/components/agents/grant-matrix";

const AGENT_ID = "33333333-3333-4333-8333-333333333333";
const GRANT_ID = "44444444-4444-4444-8444-444444444444";
const PROD = "55555555-5555-4555-8555-555555555555";
const STAGING = "66666666-6666-4666-8666-666666666666";
const AWS = "77777777-7777-4777-8777-777777777777";
const now = new Date("2026-12-03T09:00:00Z").getTime();

const integration = (id: string, provider: string, name: string, isDefault: boolean, status: IntegrationRow["status"]): IntegrationRow => ({
  id, provider, name, isDefault, status, configuredAt: null, lastCheckedAt: null, checkOutcome: null, checkReason: null, accountLabel: null, details: {}, fingerprint: null, authType: "api_key",
});
const grant: GrantRow = {
  id: GRANT_ID, orgId: "o", agentId: AGENT_ID, provider: "openai", integrationId: null, operations: ["proxy"], proxyRules: [{ methods: ["GET", "HEAD"], paths: ["/**"] }],
  preset: "read-only", awsRoleArn: null, revealSeconds: 900, ratePerMinute: 60, maxUses: 10, uses: 3, expiresAt: new Date(now + 86_400_000), createdAt: new Date(now), revokedAt: null, revision: 0,
};

const rowOf = (label: string) => screen.getByText(label).closest("li")!;

function renderMatrix() {
  render(
    <GrantMatrix orgSlug="acme" agentId={AGENT_ID} now={now} grants={[grant]} integrations={[
      integration(PROD, "openai", "prod", true, "VALID"), integration(STAGING, "openai", "staging", false, "INVALID"), integration(AWS, "aws", "main", true, "VALID"),
    ]} />,
  );
}

beforeEach(() => { saved.length = 0; jest.clearAllMocks(); });

describe("an agent's grant matrix", () => {
  it("shows a row per provider default and per credential, the granted one with its operations and uses", () => {
    renderMatrix();
    const labels = screen.getAllByRole("listitem").map((li) => li.querySelector("p")?.textContent ?? within(li).queryByText("Add a provider's default")?.textContent);
    expect(labels).toEqual([
      "AWS · provider default (now “main”)", "AWS · “main”",
      "OpenAI · provider default (now “prod”)", "OpenAI · “prod”", "OpenAI · “staging”", "Add a provider's default",
    ]);
    const granted = rowOf("OpenAI · provider default (now “prod”)");
    expect(within(granted).getByRole("checkbox", { name: /Proxy/ })).toBeChecked();
    expect(within(granted).getByRole("checkbox", { name: /Reveal/ })).not.toBeChecked();
    expect(within(granted).getByText(/3 of 10 uses/)).toBeInTheDocument();
    expect(within(granted).getByRole("button", { name: "Save" })).toBeInTheDocument();
    expect(within(granted).getByRole("button", { name: "Revoke the grant on OpenAI · provider default (now “prod”)" })).toBeInTheDocument();
    // Not granted yet: a Grant button and no revoke.
    const staging = rowOf("OpenAI · “staging”");
    expect(within(staging).getByRole("button", { name: "Grant" })).toBeInTheDocument();
    expect(within(staging).queryByRole("button", { name: /Revoke/ })).toBeNull();
    // AWS is not proxied: its proxy box cannot be ticked, and its reveals are derived (duration, role).
    const aws = rowOf("AWS · “main”");
    expect(within(aws).getByRole("checkbox", { name: /Proxy/ })).toBeDisabled();
    expect(within(aws).getByLabelText(/Derived credential lasts/)).toHaveValue("15");
    // The add row offers every other provider's default, never one already listed.
    const options = within(rowOf("Add a provider's default")).getAllByRole("option").map((o) => (o as HTMLOptionElement).value).filter((v) => v.startsWith("default:"));
    expect(options).not.toContain("default:openai");
    expect(options).not.toContain("default:aws");
    expect(options).toContain("default:anthropic");
  });

  it("opens Limits on a refused limit and says under the field what is wrong", async () => {
    renderMatrix();
    const staging = rowOf("OpenAI · “staging”");
    const details = staging.querySelector("details")!;
    expect(details.open).toBe(false);
    const maxUses = within(staging).getByLabelText("Max uses");
    fireEvent.change(maxUses, { target: { value: "abc" } });
    await act(async () => { fireEvent.click(within(staging).getByRole("button", { name: "Grant" })); });
    expect(details.open).toBe(true);
    expect(within(staging).getByRole("alert")).toHaveTextContent("Check the highlighted fields.");
    expect(maxUses).toHaveAttribute("aria-invalid", "true");
    expect(maxUses).toHaveAccessibleDescription("Max uses is a whole number from 1.");
    // Closed again and refused again: it opens again.
    details.open = false;
    await act(async () => { fireEvent.click(within(staging).getByRole("button", { name: "Grant" })); });
    expect(details.open).toBe(true);
  });

  it("marks a refused preset at its own field, not only with the row's general alert", async () => {
    renderMatrix();
    const staging = rowOf("OpenAI · “staging”");
    const preset = within(staging).getByLabelText("Proxy operations");
    fireEvent.change(within(staging).getByLabelText("Max uses"), { target: { value: "stale-preset" } });
    await act(async () => { fireEvent.click(within(staging).getByRole("button", { name: "Grant" })); });
    expect(preset).toHaveAttribute("aria-invalid", "true");
    expect(preset).toHaveAccessibleDescription("Pick a preset.");
  });

  it("lays the header out on the rows' own columns, with fixed widths outside the two that stretch", () => {
    renderMatrix();
    // jsdom computes no layout: what is checked is that both grids get one template, and that it has no
    // "auto" track (sized by each grid's own content, an empty header cell against a Save button).
    const template = (el: Element) => [...el.classList].filter((c) => c.startsWith("lg:grid-cols-"));
    const header = document.querySelector("[data-grant-header]")!;
    expect(template(header)).toHaveLength(1);
    expect(template(header)[0]).not.toMatch(/auto/);
    expect(header.children).toHaveLength(6);
    const rows = document.querySelectorAll("li > form[aria-labelledby]");
    expect(rows).toHaveLength(6);
    for (const form of rows) expect(template(form)).toEqual(template(header));
  });

  it("saves a row as one grant on its target with the ticked operations, and revokes the granted one", async () => {
    renderMatrix();
    const staging = rowOf("OpenAI · “staging”");
    fireEvent.click(within(staging).getByRole("checkbox", { name: /Env/ }));
    await act(async () => fireEvent.click(within(staging).getByRole("button", { name: "Grant" })));
    expect(saved).toEqual([expect.objectContaining({ orgSlug: "acme", agentId: AGENT_ID, target: STAGING, "op.env": "on", preset: "read-only" })]);
    expect(saved[0]).not.toHaveProperty("op.proxy");

    // Saving the granted row again keeps its expiry unless another is picked.
    const granted = rowOf("OpenAI · provider default (now “prod”)");
    expect(within(granted).getByRole("combobox", { name: "Expires" })).toHaveValue("keep");
    await act(async () => fireEvent.click(within(granted).getByRole("button", { name: "Save" })));
    expect(saved[1]).toMatchObject({ target: "default:openai", expiresInDays: "keep", maxUses: "10" });
    expect(within(staging).getByRole("combobox", { name: "Expires" })).toHaveValue("30");

    await act(async () => fireEvent.click(within(granted).getByRole("button", { name: /Revoke the grant/ })));
    expect(revokeGrant).toHaveBeenCalledTimes(1);
    expect(revokeGrant.mock.calls[0][1].get("grantId")).toBe(GRANT_ID);
  });

  it("shows a refusal in the row that was sent, with custom rules kept as typed", async () => {
    renderMatrix();
    const prod = rowOf("OpenAI · “prod”");
    fireEvent.change(within(prod).getByRole("combobox", { name: "Proxy operations" }), { target: { value: "custom" } });
    const rules = within(prod).getByRole("textbox", { name: /Rules, one per line/ });
    fireEvent.change(rules, { target: { value: "FETCH /v1/x" } });
    fireEvent.click(within(prod).getByRole("checkbox", { name: /Proxy/ }));
    await act(async () => fireEvent.click(within(prod).getByRole("button", { name: "Grant" })));
    expect(saved[0]).toMatchObject({ target: PROD, "op.proxy": "on", preset: "custom", rules: "FETCH /v1/x" });
    expect(within(prod).getByRole("alert")).toHaveTextContent("FETCH is not a method the proxy forwards.");
    expect(rules).toHaveValue("FETCH /v1/x");
    expect(within(rowOf("OpenAI · “staging”")).queryByRole("alert")).toBeNull();
  });
});
