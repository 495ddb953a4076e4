import { act, fireEvent, render, screen, within } from "@testing-library/react";

// What the action answers for a Stripe endpoint: its URL and no generated secret (Stripe's own signs).
const mockAnswer = { ok: true, message: "Created.", data: { name: "Stripe live", url: "https://switchboard.example.com/api/hooks/abc", secret: null } };
jest.mock("@/actions/webhooks/create-inbound-endpoint", () => ({ createInboundEndpointAction: async () => mockAnswer }));

import { CreateEndpointForm } from "@/components/webhooks-inbound/create-endpoint-form";

const credentials = [
  { id: "a", label: "OpenAI · default", schemes: ["standard_webhooks", "hmac_sha256"] },
  { id: "b", label: "Stripe · default", schemes: ["stripe", "standard_webhooks", "hmac_sha256"] },
];

describe("the inbound endpoint form", () => {
  it("starts each credential on its own sender's signature scheme", () => {
    render(<CreateEndpointForm orgSlug="acme" credentials={credentials} />);
    const scheme = () => (screen.getByRole("combobox", { name: /Signed with/ }) as HTMLSelectElement).value;
    expect(scheme()).toBe("standard_webhooks");
    fireEvent.change(screen.getByRole("combobox", { name: /Credential/ }), { target: { value: "b" } });
    expect(scheme()).toBe("stripe");
    fireEvent.change(screen.getByRole("combobox", { name: /Credential/ }), { target: { value: "a" } });
    expect(scheme()).toBe("standard_webhooks");
  });

  it("after a Stripe endpoint, links to where Stripe shows its signing secret, not to the API keys", async () => {
    render(<CreateEndpointForm orgSlug="acme" credentials={credentials} fixedCredential="b" />);
    fireEvent.change(screen.getByRole("textbox", { name: /Name/ }), { target: { value: "Stripe live" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Create endpoint" })));
    const alert = await screen.findByText(/Stripe signs with its endpoint's own signing secret/);
    expect(within(alert).getByRole("link", { name: /Workbench, Webhooks/ })).toHaveAttribute("href", "https://dashboard.stripe.com/webhooks");
    expect(within(alert).getByRole("link", { name: "the Stripe page" })).toHaveAttribute("href", "/acme/integrations/stripe");
    expect(alert.innerHTML).not.toContain("apikeys");
  });
});
