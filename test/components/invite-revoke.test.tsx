import { act, fireEvent, render, screen } from "@testing-library/react";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// The server actions answer as they do on success (test/server/invites.test.ts checks the real
// ones); what is under test is the page's display of a created and then revoked code.
const INVITE_ID = "22222222-2222-4222-8222-222222222222";
const CODE = `sbi_${"A".repeat(32)}`;
const create = jest.fn(async () => ({ ok: true as const, data: { code: CODE, inviteId: INVITE_ID, note: "Dana", role: "member" as const }, message: "Invite code for Dana created." }));
const revoke = jest.fn(async (_prev: unknown, form: FormData) => ({ ok: true as const, data: null, message: `Invitation revoked (${String(form.get("inviteId"))}).` }));
jest.mock("@/actions/members/create-invite", () => ({ createInviteAction: () => create() }));
jest.mock("@/actions/members/revoke-invite", () => ({ revokeInviteAction: (prev: unknown, form: FormData) => revoke(prev, form) }));

import { InviteForm } from "@/components/members/invite-form";
import { InviteList } from "@/components/members/invite-list";
import { RevokedInvitesProvider } from "@/components/members/revoked-invites";

beforeAll(() => { installDialog(); setReducedMotion(true); });

function MembersInviteParts() {
  const now = new Date("2026-12-03T09:00:00Z");
  return (
    <RevokedInvitesProvider>
      <InviteList orgSlug="acme" invites={[{ id: INVITE_ID, role: "member", note: "Dana", createdAt: now, expiresAt: now }]} />
      <InviteForm orgSlug="acme" joinUrl={null} />
    </RevokedInvitesProvider>
  );
}

describe("revoking an invitation on the members page", () => {
  it("asks first, and then takes its code off the screen", async () => {
    render(<MembersInviteParts />);
    fireEvent.change(screen.getByLabelText(/Who is it for/), { target: { value: "Dana" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Create invite code" })));
    expect(await screen.findByText(/Send this code to Dana now: it is shown only this once/)).toBeInTheDocument();
    expect(screen.getByDisplayValue(CODE)).toBeInTheDocument();
    // No host is known without APP_URL, so the instructions name the page instead of a made-up link.
    expect(screen.getByText(/APP_URL is not set/)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Revoke the invitation for Dana" }));
    expect(revoke).not.toHaveBeenCalled();
    const dialog = screen.getByRole("dialog", { name: "Revoke the invitation for Dana?" });
    expect(dialog).toHaveAccessibleDescription(/Its code stops working at once/);
    fireEvent.click(screen.getByRole("button", { name: "Keep it" }));
    expect(revoke).not.toHaveBeenCalled();
    expect(screen.getByDisplayValue(CODE)).toBeInTheDocument();

    fireEvent.click(screen.getByRole("button", { name: "Revoke the invitation for Dana" }));
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Revoke the invitation" })));
    expect(revoke).toHaveBeenCalledTimes(1);
    expect(revoke.mock.calls[0][1].get("inviteId")).toBe(INVITE_ID);
    expect(screen.queryByDisplayValue(CODE)).toBeNull();
    expect(screen.queryByText(/Send this code to Dana now/)).toBeNull();
  });
});
