import { act, fireEvent, render, screen, within } from "@testing-library/react";
import type { StackAnalysis } from "@/lib/stack/types";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// The actions are stand-ins here (the analyzer and the requests service are tested in test/server/stack-*.test.ts);
// what is under test is what a person sees on the tiles and what "Request all missing" asks for.
const analysis: StackAnalysis = {
  groups: [
    { category: "llm", title: "AI models", integrations: [
      { provider: "openai", name: "OpenAI", category: "llm", required: true, confidence: 0.9, reason: "Names \"OpenAI\".", triggers: ["OpenAI"], sources: ["deterministic"], oauth: false, status: "PENDING" },
    ] },
    { category: "payments", title: "Payments", integrations: [
      { provider: "stripe", name: "Stripe", category: "payments", required: true, confidence: 0.9, reason: "Names \"Stripe\".", triggers: ["Stripe"], sources: ["deterministic"], oauth: false, status: "NOT_CONFIGURED" },
    ] },
    { category: "messaging", title: "Email, messaging and workspace", integrations: [
      { provider: "resend", name: "Resend", category: "messaging", required: false, confidence: 0.45, reason: "Sending email takes an email API.", triggers: ["send email"], sources: ["deterministic"], oauth: false, status: "VALID" },
      { provider: "slack", name: "Slack", category: "messaging", required: true, confidence: 0.9, reason: "Names \"Slack\".", triggers: ["Slack"], sources: ["deterministic"], oauth: true, status: "INVALID" },
    ] },
  ],
  notInCatalog: [{ name: "Discord", reason: "Posts to a server." }],
  notes: [],
  model: { used: false, provider: null },
};
const requested: string[][] = [];
const reasons: string[] = [];
jest.mock("@/actions/stack/analyze-stack", () => ({ analyzeStackAction: async () => ({ ok: true, data: analysis }) }));
jest.mock("@/actions/stack/set-stack-model", () => ({ setStackModelAction: async () => ({ ok: true, data: { enabled: true } }) }));
jest.mock("@/actions/stack/request-missing", () => ({
  requestMissingAction: async (_p: unknown, form: FormData) => {
    requested.push(String(form.get("providers")).split(","));
    reasons.push(String(form.get("reason")));
    return { ok: true, data: null, message: "Asked the admins." };
  },
}));

import { StackAnalyzer } from "@/components/stack/stack-analyzer";

beforeAll(() => { installDialog(); setReducedMotion(true); });

async function analyze(isAdmin: boolean) {
  render(<StackAnalyzer orgSlug="acme" isAdmin={isAdmin} modelEnabled={false} />);
  fireEvent.change(screen.getByLabelText(/Description, package.json/), { target: { value: "Stripe, Slack and send email" } });
  await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Analyze" })); });
  return screen.findByText("Payments");
}

describe("StackAnalyzer", () => {
  it("shows tiles by category with required or optional, reason, triggers, confidence and status; admins get Add key for a provider the org lacks", async () => {
    await analyze(true);
    const stripe = screen.getByText("Stripe").closest("li")!;
    expect(within(stripe).getByText("Required")).toBeInTheDocument();
    expect(within(stripe).getByText(/confidence 90%/)).toBeInTheDocument();
    expect(within(stripe).getByText(/Triggered by: “Stripe”/)).toBeInTheDocument();
    expect(within(stripe).getByRole("link", { name: "Add key for Stripe" })).toHaveAttribute("href", "/acme/integrations/stripe");
    const resend = screen.getByText("Resend").closest("li")!;
    expect(within(resend).getByText("Optional")).toBeInTheDocument();
    expect(within(resend).getByRole("link", { name: "View Resend" })).toHaveAttribute("href", "/acme/integrations/resend");
    expect(screen.getByText(/Discord: Posts to a server/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Request all missing/ })).toBeNull();
  });

  it("offers what each status calls for: re-validate a key saved without verifying, replace a rejected one, never add one the org has", async () => {
    await analyze(true);
    const openai = screen.getByText("OpenAI").closest("li")!;
    expect(within(openai).getByText(/A key is stored but was saved without verifying\. Re-validate it/)).toBeInTheDocument();
    expect(within(openai).getByRole("link", { name: "Re-validate the stored OpenAI key" })).toHaveAttribute("href", "/acme/settings/integrations");
    expect(within(openai).getByRole("link", { name: "View OpenAI" })).toHaveAttribute("href", "/acme/integrations/openai");
    expect(within(openai).queryByRole("link", { name: /Add key|Connect/ })).toBeNull();
    const slack = screen.getByText("Slack").closest("li")!;
    expect(within(slack).getByText(/The stored key was rejected/)).toBeInTheDocument();
    expect(within(slack).getByRole("link", { name: "Reconnect Slack" })).toHaveAttribute("href", "/acme/integrations/slack");
    expect(within(slack).queryByRole("link", { name: /^Connect/ })).toBeNull();
    const stripe = screen.getByText("Stripe").closest("li")!;
    expect(within(stripe).queryByText(/stored/)).toBeNull();
  });

  it("tells a member a stored key waits for a check, without counting it as missing", async () => {
    await analyze(false);
    const openai = screen.getByText("OpenAI").closest("li")!;
    expect(within(openai).getByText(/An owner or admin can re-validate it/)).toBeInTheDocument();
    expect(within(openai).getByRole("link", { name: "View OpenAI" })).toBeInTheDocument();
    expect(within(openai).queryByRole("button", { name: /Request/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Request all missing (2)" })).toBeInTheDocument();
  });

  it("lets a member request one provider, or all the missing ones at once, saying why", async () => {
    await analyze(false);
    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Request all missing (2)" })); });
    const all = screen.getByRole("dialog", { name: "Request 2 credentials from a teammate" });
    expect(within(all).getByText("Stripe, Slack")).toBeInTheDocument();
    // Empty, with an example only: the admins read what the person wrote, not a sentence made up for them.
    const why = within(all).getByLabelText(/Why is it needed/);
    expect(why).toHaveValue("");
    expect(why).toHaveAttribute("placeholder", "e.g. Checkout and receipts in the app described above");
    fireEvent.change(why, { target: { value: "The podcast app bills with Stripe and posts to Slack." } });
    await act(async () => { fireEvent.click(within(all).getByRole("button", { name: "Send request" })); });
    expect(requested.at(-1)).toEqual(["stripe", "slack"]);
    expect(reasons.at(-1)).toBe("The podcast app bills with Stripe and posts to Slack.");
    expect(screen.queryByRole("dialog")).toBeNull();

    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Request Slack from a teammate" })); });
    const one = screen.getByRole("dialog", { name: "Request Slack from a teammate" });
    fireEvent.change(within(one).getByLabelText(/Why is it needed/), { target: { value: "The release bot posts to #launches." } });
    await act(async () => { fireEvent.click(within(one).getByRole("button", { name: "Send request" })); });
    expect(requested.at(-1)).toEqual(["slack"]);
    expect(reasons.at(-1)).toBe("The release bot posts to #launches.");
    expect(await screen.findByText("Asked the admins.")).toBeInTheDocument();
  });
});
