import { act, fireEvent, render, screen } from "@testing-library/react";
import { credentialNameSchema } from "@/lib/zod/integrations";

// The server action is replaced by one that answers as safe-action does for a refused name
// (test/server/rename-integration-action.test.ts checks that answer); the form's display is under test.
const rename = jest.fn(async (_prev: unknown, form: FormData) => {
  const parsed = credentialNameSchema.safeParse(form.get("name"));
  return parsed.success
    ? { ok: true as const, data: { name: parsed.data }, message: `Renamed to ${parsed.data}.` }
    : { ok: false as const, status: 400, error: "Check the highlighted fields.", fieldErrors: { name: parsed.error.issues.map((i) => i.message) } };
});
jest.mock("@/actions/integrations/rename-integration", () => ({ renameIntegrationAction: (prev: unknown, form: FormData) => rename(prev, form) }));

import { RenameCredential } from "@/components/settings/rename-credential";

describe("rename credential", () => {
  it("shows why a name is refused at the field, not only 'Check the highlighted fields'", async () => {
    render(<RenameCredential orgSlug="acme" provider="openai" providerName="OpenAI" integrationId="11111111-1111-4111-8111-111111111111" name="production" />);
    fireEvent.click(screen.getByRole("button", { name: "Rename OpenAI production" }));
    const field = screen.getByLabelText("New name for OpenAI production");
    fireEvent.change(field, { target: { value: "no/slashes" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save name" })));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Use letters, digits, spaces, underscores, dots, dashes and round brackets.");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain(alert.id);
    // What was typed stays, so it can be corrected.
    expect(field).toHaveValue("no/slashes");
  });

  it("asks for a name, once, when the field is emptied", async () => {
    render(<RenameCredential orgSlug="acme" provider="openai" providerName="OpenAI" integrationId="11111111-1111-4111-8111-111111111111" name="production" />);
    fireEvent.click(screen.getByRole("button", { name: "Rename OpenAI production" }));
    fireEvent.change(screen.getByLabelText("New name for OpenAI production"), { target: { value: "" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save name" })));
    expect((await screen.findByRole("alert")).textContent).toBe("Name this credential.");
  });
});
