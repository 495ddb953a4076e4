import { act, fireEvent, render, screen } from "@testing-library/react";

// The server action is replaced by one that records the form data; the form itself is under test.
const submitted: FormData[] = [];
jest.mock("@/actions/integrations/setup-integration", () => ({
  setupIntegrationAction: async (_prev: unknown, form: FormData) => {
    submitted.push(form);
    if (form.get("name") === "refused") return { ok: false, status: 422, error: "Stripe rejected the key. Nothing was stored.", data: { outcome: "invalid", reason: "Stripe rejected the key." } };
    return form.get("name") === "later"
      ? { ok: true, message: "Saved without verifying.", data: { status: "PENDING", outcome: "unverified", reason: "OpenAI could not be reached." } }
      : { ok: true, message: "Verified and saved.", data: { outcome: "valid", reason: "ok" } };
  },
}));

import { SetupForm } from "@/components/integrations/setup-form";

// Stripe's fields as publicFields gives them (lib/providers/public.ts).
const fields = [
  { name: "publishableKey", label: "Publishable key", kind: "text" as const },
  { name: "secretKey", label: "Secret or restricted key", kind: "secret" as const },
  { name: "webhookSecret", label: "Webhook signing secret", kind: "secret" as const, optional: true, help: "Only if the app receives Stripe webhooks.", kept: true },
];

describe("the setup form's kept fields", () => {
  beforeEach(() => { submitted.length = 0; });

  it("says a blank keeps the stored value, and offers removing it as its own box, only on kept fields", () => {
    render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault />);
    const secret = screen.getByLabelText("Webhook signing secret (optional)");
    expect(secret).toHaveAccessibleDescription("Only if the app receives Stripe webhooks. Replacing a credential of the same name? Leave blank to keep the stored webhook signing secret.");
    expect(screen.getAllByRole("checkbox")).toHaveLength(1);
    expect(screen.getByRole("checkbox", { name: "Remove the stored webhook signing secret when replacing a credential of this name" })).not.toBeChecked();
  });

  it("sends clear.webhookSecret only when the box is ticked", async () => {
    render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault />);
    const save = screen.getByRole("button", { name: "Verify and save" });
    await act(async () => { fireEvent.click(save); });
    fireEvent.click(screen.getByRole("checkbox"));
    await act(async () => { fireEvent.click(save); });
    expect(submitted.map((f) => f.get("clear.webhookSecret"))).toEqual([null, "on"]);
  });

  it("posts, so that without scripts a pasted key goes in the body and never into the address or a log", () => {
    const { container } = render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault />);
    expect(container.querySelector("form")).toHaveAttribute("method", "post");
  });

  it("says before saving that a taken name replaces that credential's key", () => {
    render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault takenNames={["default", "production"]} />);
    const name = screen.getByLabelText("Credential name");
    expect(name).toHaveAccessibleDescription("Tell several keys apart, e.g. production or staging.");
    fireEvent.change(name, { target: { value: " production " } });
    expect(name).toHaveAccessibleDescription("A Stripe credential named “production” exists: saving replaces its key.");
    // Names ignore letter case: another spelling replaces the same credential, named as stored.
    fireEvent.change(name, { target: { value: "Production" } });
    expect(name).toHaveAccessibleDescription("A Stripe credential named “production” exists: saving replaces its key.");
    fireEvent.change(name, { target: { value: "staging" } });
    expect(name).toHaveAccessibleDescription("Tell several keys apart, e.g. production or staging.");
  });

  it("keeps the name and the other fields after a rejected key, and clears only the key", async () => {
    render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault />);
    fireEvent.change(screen.getByLabelText("Credential name"), { target: { value: "refused" } });
    fireEvent.change(screen.getByLabelText("Publishable key"), { target: { value: "pk_test_abc" } });
    fireEvent.change(screen.getByLabelText("Secret or restricted key"), { target: { value: "sk_test_wrong" } });
    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Verify and save" })); });
    expect(screen.getByText("Stripe rejected the key. Nothing was stored.")).toBeInTheDocument();
    expect(screen.getByLabelText("Credential name")).toHaveValue("refused");
    expect(screen.getByLabelText("Publishable key")).toHaveValue("pk_test_abc");
    expect(screen.getByLabelText("Secret or restricted key")).toHaveValue("");
  });

  it("adds its pending note to a save without verifying, and only to that", async () => {
    render(<SetupForm orgSlug="acme" providerId="stripe" providerName="Stripe" fields={fields} hasDefault pendingNote="The request stays open." />);
    fireEvent.change(screen.getByLabelText("Credential name"), { target: { value: "later" } });
    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Verify and save" })); });
    expect(screen.getByText("Saved without verifying. The request stays open.")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Credential name"), { target: { value: "now" } });
    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Verify and save" })); });
    expect(screen.getByText("Verified and saved.")).toBeInTheDocument();
  });
});
