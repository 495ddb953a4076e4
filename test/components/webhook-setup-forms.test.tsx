import { fireEvent, render, screen, within } from "@testing-library/react";
import { GithubWebhookSetup } from "@/components/webhooks-setup/github-webhook-setup";
import { StripeWebhookSetup } from "@/components/webhooks-setup/stripe-webhook-setup";
import { GITHUB_DEFAULT_EVENTS, STRIPE_DEFAULT_EVENTS } from "@/lib/webhooks/setup/choices";

jest.mock("@/actions/webhooks/setup-github-webhook", () => ({ setupGithubWebhookAction: jest.fn() }));
jest.mock("@/actions/webhooks/setup-stripe-webhook", () => ({ setupStripeWebhookAction: jest.fn() }));

const stripe = [
  { id: "s1", name: "default", inboundUrl: "https://sb.test/api/hooks/one", webhookSecret: null },
  { id: "s2", name: "live", inboundUrl: null, webhookSecret: "whsec_…ab12" },
];
const github = [{ id: "g1", name: "default", inboundUrl: null }];
const preview = (name: string) => document.querySelector(`[data-preview=${name}]`) as HTMLElement;

describe("webhook setup forms", () => {
  it("Stripe: a choice between credentials that changes the preview, and event boxes named for the action", () => {
    const { container } = render(<StripeWebhookSetup orgSlug="acme" credentials={stripe} origin="https://sb.test" />);
    const select = screen.getByLabelText("Credential");
    expect(select).toHaveAttribute("name", "integrationId");
    expect(within(preview("stripe-webhook")).getByText("https://sb.test/api/hooks/one")).toBeInTheDocument();
    fireEvent.change(select, { target: { value: "s2" } });
    expect(within(preview("stripe-webhook")).getByText("a new Switchboard inbound endpoint (https://sb.test/api/hooks/…)")).toBeInTheDocument();
    const boxes = container.querySelectorAll<HTMLInputElement>("input[type=checkbox]");
    expect([...boxes].filter((b) => b.checked).map((b) => b.name)).toEqual(STRIPE_DEFAULT_EVENTS.map((e) => `event.${e}`));
    fireEvent.click(boxes[0]); // a default: unticked, and gone from the preview
    expect(boxes[0].checked).toBe(false);
    expect(within(preview("stripe-webhook")).getByText(`for ${STRIPE_DEFAULT_EVENTS.slice(1).join(", ")}`)).toBeInTheDocument();
  });

  it("GitHub: one credential goes as a hidden field; unticking every event says so in the preview", () => {
    const { container } = render(<GithubWebhookSetup orgSlug="acme" credentials={github} origin="https://sb.test" />);
    expect(screen.queryByLabelText("Credential")).toBeNull();
    expect(container.querySelector("input[type=hidden][name=integrationId]")).toHaveAttribute("value", "g1");
    for (const e of GITHUB_DEFAULT_EVENTS) fireEvent.click(screen.getByText(e).closest("label")!.querySelector("input")!);
    expect(within(preview("github-webhook")).getByText(/no events \(choose one\)/)).toBeInTheDocument();
  });
});
