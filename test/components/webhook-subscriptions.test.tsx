import { render, screen, within } from "@testing-library/react";
import { auditDetail } from "@/components/settings/audit-trail";
import { SubscriptionList } from "@/components/webhooks-outgoing/subscription-list";
import type { SubscriptionView } from "@/lib/webhooks/page-data";

jest.mock("@/actions/webhooks/create-webhook-subscription", () => ({ createWebhookSubscriptionAction: jest.fn() }));
jest.mock("@/actions/webhooks/send-webhook-test", () => ({ sendWebhookTestAction: jest.fn() }));
jest.mock("@/actions/webhooks/set-webhook-enabled", () => ({ setWebhookEnabledAction: jest.fn() }));
jest.mock("@/actions/webhooks/rotate-webhook-secret", () => ({ rotateWebhookSecretAction: jest.fn() }));
jest.mock("@/actions/webhooks/delete-webhook-subscription", () => ({ deleteWebhookSubscriptionAction: jest.fn() }));
jest.mock("@/actions/webhooks/replay-webhook-delivery", () => ({ replayWebhookDeliveryAction: jest.fn() }));
jest.mock("@/actions/webhooks/replay-webhooks-since", () => ({ replayWebhooksSinceAction: jest.fn() }));

const base: SubscriptionView = {
  id: "11111111-1111-4111-8111-111111111111",
  url: "https://hooks.example.com/in?…",
  eventTypes: ["credential.saved", "request.resolved"],
  secretFingerprint: "…dWs=",
  previousFingerprint: "…Ab9=",
  previousExpiresAt: "2026-12-04T12:00:00.000Z",
  disabledAt: null,
  disabledReason: null,
  failingSince: null,
  pending: 2,
  attempts: [
    { id: "2", deliveryId: "22222222-2222-4222-8222-222222222222", eventType: "credential.saved", attemptedAt: "2026-12-03T12:01:00.000Z", status: 500, latencyMs: 1234, excerpt: "upstream broke", error: null, nextAttemptAt: "2026-12-03T12:06:00.000Z" },
    { id: "1", deliveryId: "33333333-3333-4333-8333-333333333333", eventType: "webhook.test", attemptedAt: "2026-12-03T12:00:00.000Z", status: null, latencyMs: 15000, excerpt: null, error: "TimeoutError: The operation was aborted due to timeout", nextAttemptAt: null },
  ],
};

describe("webhook subscriptions list", () => {
  it("shows where, what, the secrets by fingerprint during a rotation, and each attempt's status, latency, answer and next try", () => {
    render(<SubscriptionList orgSlug="acme" subscriptions={[base]} />);
    const card = within(document.querySelector("[data-subscription]") as HTMLElement);
    expect(card.getByRole("heading", { name: "https://hooks.example.com/in?…" })).toBeInTheDocument();
    expect(card.getByText("Enabled")).toBeInTheDocument();
    expect(card.getByText(/2 waiting/)).toBeInTheDocument();
    expect(card.getByText("whsec_…dWs=")).toBeInTheDocument();
    expect(card.getByText(/signs too until 2026-12-04 12:00 UTC/)).toBeInTheDocument();
    const attempts = card.getAllByRole("listitem").filter((li) => li.hasAttribute("data-attempt"));
    expect(attempts.map((a) => a.getAttribute("data-attempt"))).toEqual(["failed", "failed"]);
    expect(attempts[0]).toHaveTextContent("Failed: HTTP 500");
    expect(attempts[0]).toHaveTextContent("1,234 ms");
    expect(attempts[0]).toHaveTextContent("upstream broke");
    expect(attempts[0]).toHaveTextContent("Next try 2026-12-03 12:06:00 UTC");
    expect(attempts[1]).toHaveTextContent("Failed: TimeoutError: The operation was aborted due to timeout");
    for (const name of ["Send test event", "Rotate secret", "Disable", "Replay"]) expect(card.getByRole("button", { name })).toBeInTheDocument();
    expect(card.getByRole("button", { name: "Replay delivery 22222222-2222-4222-8222-222222222222" })).toBeInTheDocument();
  });

  it("says why a subscription was disabled and offers Enable", () => {
    render(<SubscriptionList orgSlug="acme" subscriptions={[{ ...base, disabledAt: "2026-12-03T12:00:00.000Z", disabledReason: "The receiver answered 410 Gone, which asks the sender to stop.", attempts: [] }]} />);
    expect(screen.getByText("Disabled: The receiver answered 410 Gone, which asks the sender to stop.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Enable" })).toBeInTheDocument();
    expect(screen.getByText(/No attempts yet/)).toBeInTheDocument();
  });

  it("names subscriptions in the audit log by URL and secrets by their last characters", () => {
    expect(auditDetail({ action: "webhook.create", metadata: { url: "https://hooks.example.com/in", secret: "…dWs=" } })).toBe("for https://hooks.example.com/in (whsec_…dWs=)");
    expect(auditDetail({ action: "webhook.rotate", metadata: { secret: "…Zz1=", previous: "…dWs=" } })).toBe("to whsec_…Zz1=");
    expect(auditDetail({ action: "webhook.replay", metadata: { count: 3 } })).toBe("(3 deliveries)");
  });
});
