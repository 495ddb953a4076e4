import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { reasonSchema } from "@/lib/zod/requests";
import { installDialog } from "../helpers/browser-gaps";

// Answers as safe-action does when the reason is refused (test/server/stack-actions.test.ts checks
// the real action); the dialog's handling of that answer is under test.
const filed: string[] = [];
jest.mock("@/actions/stack/request-missing", () => ({
  requestMissingAction: async (_prev: unknown, form: FormData) => {
    const reason = reasonSchema.safeParse(form.get("reason"));
    if (!reason.success) return { ok: false, status: 400, error: "Check the highlighted fields.", fieldErrors: { reason: reason.error.issues.map((i) => i.message) } };
    filed.push(reason.data);
    return { ok: true, data: null, message: "Asked the admins for 1 credential." };
  },
}));

import { RequestDialog } from "@/components/requests/request-dialog";

beforeAll(() => installDialog());

describe("the request dialog", () => {
  it("starts with an empty reason and an example as its placeholder, so what the admins read is the person's own", async () => {
    render(<RequestDialog orgSlug="acme" providers={[{ id: "stripe", name: "Stripe" }]} placeholder="e.g. The nightly import job calls Stripe" onClose={() => {}} onDone={() => {}} />);
    const field = within(screen.getByRole("dialog", { name: "Request Stripe from a teammate" })).getByLabelText(/Why is it needed/);
    expect(field).toHaveValue("");
    expect(field).toHaveAttribute("placeholder", "e.g. The nightly import job calls Stripe");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send request" })));
    expect(filed).toEqual([]);
  });

  it.each([[""], ["   "], ["ok"]])("refuses the reason %j with one sentence at the field, keeps what was typed and files nothing", async (typed) => {
    const onDone = jest.fn();
    render(<RequestDialog orgSlug="acme" providers={[{ id: "stripe", name: "Stripe" }]} placeholder="e.g. The nightly import job calls Stripe" onClose={() => {}} onDone={onDone} />);
    const dialog = screen.getByRole("dialog", { name: "Request Stripe from a teammate" });
    const field = within(dialog).getByLabelText(/Why is it needed/);
    fireEvent.change(field, { target: { value: typed } });
    await act(async () => fireEvent.click(within(dialog).getByRole("button", { name: "Send request" })));
    const alerts = within(dialog).getAllByRole("alert");
    expect(alerts.map((a) => a.textContent)).toEqual(["Say why the credential is needed, in a sentence."]);
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain(alerts[0].id);
    // Not emptied: the person sees what they sent, to correct it.
    expect(field).toHaveValue(typed);
    expect(filed).toEqual([]);
    expect(onDone).not.toHaveBeenCalled();
  });
});
