import { act, fireEvent, render, screen } from "@testing-library/react";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// The server actions answer as they do on success (the server suites check the real ones); what
// is under test is the confirmation and what the form sends.
const revokeKey = jest.fn(async (_prev: unknown, _form: FormData) => ({ ok: true as const, data: null }));
const revokeAgent = jest.fn(async (_prev: unknown, _form: FormData) => ({ ok: false as const, status: 409, error: "Already revoked." }));
jest.mock("@/actions/api-keys/revoke-api-key", () => ({ revokeApiKeyAction: (prev: unknown, form: FormData) => revokeKey(prev, form) }));
jest.mock("@/actions/agents/revoke-agent", () => ({ revokeAgentAction: (prev: unknown, form: FormData) => revokeAgent(prev, form) }));

import { RevokeAgentButton } from "@/components/agents/revoke-agent-button";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-button";
import { ToastProvider } from "@/components/ui/toast";

beforeAll(() => { installDialog(); setReducedMotion(true); });

describe("revoke buttons", () => {
  it("an API key: asks first, Keep it sends nothing, then sends the org and the key and says it is done", async () => {
    render(<ToastProvider><RevokeApiKeyButton orgSlug="acme" keyId="k-1" name="ci" /></ToastProvider>);
    fireEvent.click(screen.getByRole("button", { name: "Revoke ci" }));
    expect(screen.getByRole("dialog", { name: "Revoke API key ci?" })).toHaveAccessibleDescription(/gets 401 from its next request/);
    fireEvent.click(screen.getByRole("button", { name: "Keep it" }));
    expect(revokeKey).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Revoke ci" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Revoke ci now" })));
    expect(revokeKey).toHaveBeenCalledTimes(1);
    const form = revokeKey.mock.calls[0][1];
    expect([form.get("orgSlug"), form.get("keyId")]).toEqual(["acme", "k-1"]);
    expect(await screen.findByText("Revoked API key ci")).toBeInTheDocument();
  });

  it("an agent: sends its id, and shows the action's refusal in the dialog", async () => {
    render(<ToastProvider><RevokeAgentButton orgSlug="acme" agentId="a-1" name="bot" /></ToastProvider>);
    fireEvent.click(screen.getByRole("button", { name: "Revoke bot" }));
    expect(screen.getByRole("dialog", { name: "Revoke agent bot?" })).toBeInTheDocument();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Revoke bot now" })));
    expect(revokeAgent.mock.calls[0][1].get("agentId")).toBe("a-1");
    expect(await screen.findByRole("alert")).toHaveTextContent("Already revoked.");
    expect(screen.queryByText("Revoked agent bot")).toBeNull();
  });
});
