import { fireEvent, render, screen, within } from "@testing-library/react";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// The actions are stand-ins here (the service behind them is tested in test/server/requests-api.test.ts);
// what is under test is what an admin sees and can reach from the panel.
jest.mock("@/actions/requests/decline-request", () => ({ declineRequestAction: async () => ({ ok: true, data: null }) }));
jest.mock("@/actions/requests/fulfil-request", () => ({ fulfilRequestAction: async () => ({ ok: true, data: null }) }));
jest.mock("@/actions/integrations/setup-integration", () => ({ setupIntegrationAction: async () => ({ ok: true, data: null }) }));
jest.mock("@/actions/oauth/create-connect-session", () => ({ createConnectSessionAction: async () => ({ ok: false, status: 503, error: "no Nango here" }) }));
jest.mock("@/actions/oauth/get-connection-status", () => ({ getConnectionStatusAction: async () => ({ ok: true, data: null }) }));
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => {} }) }));

import { RequestsPanel, type PanelProvider } from "@/components/requests/requests-panel";

beforeAll(() => { installDialog(); setReducedMotion(true); });

const openai: PanelProvider = {
  id: "openai", name: "OpenAI", iconSlug: "openai", keysUrl: "https://platform.openai.com/api-keys",
  steps: [{ text: "Open the API keys page." }], hasDefault: false, valid: [{ id: "11111111-1111-4111-8111-111111111111", name: "team" }],
  fields: [{ name: "apiKey", label: "API key", kind: "secret" }], oauth: null,
};
const item = {
  id: "22222222-2222-4222-8222-222222222222", provider: "openai", reason: "The nightly build needs a model key.", requesterLabel: 'API key "ci" (sbk_abcdefgh)',
  contextLabel: "nightly", envNames: ["OPENAI_API_KEY"], createdAt: "2026-12-03T09:00:00.000Z", expiresAt: "2026-12-03T09:30:00.000Z",
};

describe("RequestsPanel", () => {
  it("shows nothing without pending requests", () => {
    const { container } = render(<RequestsPanel orgSlug="acme" items={[]} providers={{}} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("lists each request with its provider, reason, who asked and when, and its two actions", () => {
    render(<RequestsPanel orgSlug="acme" items={[item]} providers={{ openai }} />);
    const panel = screen.getByRole("region", { name: /Credential requests/ });
    expect(within(panel).getByText("The nightly build needs a model key.")).toBeVisible();
    expect(within(panel).getByText(/Asked by API key "ci" \(sbk_abcdefgh\) for nightly at 2026-12-03 09:00 UTC/)).toBeVisible();
    expect(within(panel).getByRole("button", { name: "Add credentials: OpenAI" })).toBeVisible();
    expect(within(panel).getByRole("button", { name: "Decline the request for OpenAI" })).toBeVisible();
  });

  it("opens the acquisition dialog in place: steps, Fetch credentials in a new window, the setup form, and an existing Valid credential", () => {
    render(<RequestsPanel orgSlug="acme" items={[item]} providers={{ openai }} />);
    fireEvent.click(screen.getByRole("button", { name: "Add credentials: OpenAI" }));
    const dialog = screen.getByRole("dialog", { name: "Add OpenAI credentials" });
    expect(dialog).toHaveAccessibleDescription("The nightly build needs a model key.");
    const fetchLink = within(dialog).getByRole("link", { name: /Fetch credentials/ });
    expect(fetchLink).toHaveAttribute("href", "https://platform.openai.com/api-keys");
    expect(fetchLink).toHaveAttribute("target", "_blank");
    expect(fetchLink).toHaveAttribute("rel", "noopener noreferrer");
    expect(within(dialog).getByLabelText("API key")).toBeVisible();
    expect(within(dialog).getByRole("button", { name: "Verify and save" })).toBeVisible();
    expect(within(dialog).getByRole("combobox", { name: /Valid credential the org already has/ })).toHaveValue("11111111-1111-4111-8111-111111111111");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("offers the OAuth button, not a key form, for a provider connected through Nango", () => {
    const slack: PanelProvider = {
      id: "slack", name: "Slack", iconSlug: "slack", keysUrl: "https://api.slack.com/apps", steps: [{ text: "Sign in to Slack." }],
      hasDefault: false, valid: [], fields: [], oauth: { integration: "slack", configured: true },
    };
    render(<RequestsPanel orgSlug="acme" items={[{ ...item, provider: "slack" }]} providers={{ slack }} />);
    fireEvent.click(screen.getByRole("button", { name: "Add credentials: Slack" }));
    const dialog = screen.getByRole("dialog", { name: "Add Slack credentials" });
    expect(within(dialog).getByRole("button", { name: "Connect with Slack" })).toBeEnabled();
    expect(within(dialog).queryByRole("button", { name: "Verify and save" })).toBeNull();
    expect(within(dialog).queryByRole("link", { name: /Fetch credentials/ })).toBeNull();
  });
});
