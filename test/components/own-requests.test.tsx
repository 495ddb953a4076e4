import { render, screen, within } from "@testing-library/react";
import { OwnRequests } from "@/components/requests/own-requests";
import type { OwnRequest } from "@/lib/requests/types";

const base = { credentialName: null, createdAt: "2026-12-03T09:00:00.000Z", expiresAt: "2026-12-04T09:00:00.000Z", resolvedAt: null };
const requests: OwnRequest[] = [
  { ...base, id: "1", provider: "stripe", reason: "Checkout in the podcast app", state: "pending" },
  { ...base, id: "2", provider: "twilio", reason: "Sign-in codes by SMS", state: "fulfilled", credentialName: "production", resolvedAt: "2026-12-03T10:00:00.000Z" },
  { ...base, id: "3", provider: "resend", reason: "Digest emails", state: "declined", resolvedAt: "2026-12-03T11:00:00.000Z" },
  { ...base, id: "4", provider: "openai", reason: "Embeddings", state: "expired" },
];
const names = { stripe: "Stripe", twilio: "Twilio", resend: "Resend", openai: "OpenAI" };

describe("a member's own requests", () => {
  it("shows each request's provider, reason and state in words, with what the state means", () => {
    render(<OwnRequests requests={requests} names={names} />);
    const list = within(screen.getByRole("region", { name: "Your credential requests" })).getAllByRole("listitem");
    expect(list.map((li) => li.getAttribute("data-request-state"))).toEqual(["pending", "fulfilled", "declined", "expired"]);
    expect(list[0]).toHaveTextContent("Stripe");
    expect(list[0]).toHaveTextContent("Checkout in the podcast app");
    expect(list[0]).toHaveTextContent("Waiting for an owner or admin; open until 2026-12-04 09:00 UTC.");
    expect(within(list[0]).getByText("Pending")).toBeInTheDocument();
    expect(list[1]).toHaveTextContent("Added as “production” at 2026-12-03 10:00 UTC.");
    expect(within(list[2]).getByText("Declined")).toBeInTheDocument();
    expect(list[2]).toHaveTextContent("An owner or admin declined it at 2026-12-03 11:00 UTC.");
    expect(within(list[3]).getByText("Expired")).toBeInTheDocument();
  });

  it("shows nothing when there is nothing asked for", () => {
    const { container } = render(<OwnRequests requests={[]} names={names} />);
    expect(container).toBeEmptyDOMElement();
  });
});
