import { fireEvent, render, screen } from "@testing-library/react";

jest.mock("@/actions/webhooks/create-inbound-endpoint", () => ({ createInboundEndpointAction: async () => ({ ok: true, message: "Created." }) }));

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
});
