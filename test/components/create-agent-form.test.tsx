import { act, fireEvent, render, screen } from "@testing-library/react";

// The action answers as orgAction would: the real schema's issues, grouped by field.
jest.mock("@/actions/agents/create-agent", () => ({
  createAgentAction: async (_prev: unknown, form: FormData) => {
    const { createAgentSchema } = await import("@/lib/zod/agents");
    const parsed = createAgentSchema.safeParse(Object.fromEntries(form));
    if (parsed.success) return { ok: true, data: { name: parsed.data.name, agentId: "a", token: "t" } };
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return { ok: false, status: 400, error: "Check the highlighted fields.", fieldErrors };
  },
}));

import { CreateAgentForm } from "@/components/agents/create-agent-form";

describe("the create agent form", () => {
  it("names every address line that is wrong at once, not one per try", async () => {
    render(<CreateAgentForm orgSlug="acme" />);
    fireEvent.change(screen.getByRole("textbox", { name: /Name/ }), { target: { value: "ci-bot" } });
    fireEvent.change(screen.getByRole("textbox", { name: /Allowed source addresses/ }), { target: { value: "203.0.113.0/24\nnot-an-address\n10.0.0.300" } });
    await act(async () => { fireEvent.click(screen.getByRole("button", { name: "Create agent" })); });
    const field = screen.getByRole("textbox", { name: /Allowed source addresses/ });
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(expect.stringContaining('"not-an-address" is not an address'));
    expect(field).toHaveAccessibleDescription(expect.stringContaining('"10.0.0.300"'));
  });
});
