import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// The real action is specified in test/server/member-roles.test.ts; here, what the dialog says and sends.
const change = jest.fn(async (_prev: unknown, _form: FormData) => ({ ok: false as const, status: 409, error: "An organization needs at least one owner. Make someone else an owner first, then change your role." }));
jest.mock("@/actions/members/remove-member", () => ({ removeMemberAction: jest.fn() }));
jest.mock("@/actions/members/create-reset-code", () => ({ createResetCodeAction: jest.fn() }));
jest.mock("@/actions/members/change-member-role", () => ({ changeMemberRoleAction: (prev: unknown, form: FormData) => change(prev, form) }));

import { ChangeRoleButton } from "@/components/members/change-role-button";
import { MemberList } from "@/components/members/member-list";

beforeAll(() => { installDialog(); setReducedMotion(true); });
beforeEach(() => change.mockClear());

const BO = "11111111-1111-4111-8111-111111111111";
const ME = "22222222-2222-4222-8222-222222222222";
const CO = "33333333-3333-4333-8333-333333333333";

describe("changing a member's role", () => {
  it("offers the three roles with what each may do, the current one chosen and nothing to send until another is", () => {
    render(<ChangeRoleButton orgSlug="acme" userId={BO} email="bo@example.test" role="admin" />);
    fireEvent.click(screen.getByRole("button", { name: "Change role of bo@example.test" }));
    const dialog = screen.getByRole("dialog", { name: "Change the role of bo@example.test?" });
    expect(dialog).toHaveAccessibleDescription(/^They are an admin now\. A change applies at once/);
    const group = within(dialog).getByRole("group", { name: "New role" });
    expect(within(group).getAllByRole("radio").map((r) => (r as HTMLInputElement).value)).toEqual(["owner", "admin", "member"]);
    expect(within(group).getByRole("radio", { name: /^Admin \(current\)/ })).toBeChecked();
    expect(within(dialog).getByRole("button", { name: "Choose a new role" })).toBeDisabled();

    fireEvent.click(within(group).getByRole("radio", { name: /^Member/ }));
    expect(group).toHaveAccessibleDescription("API keys they created stop working and their open invite codes are revoked, at once.");
    expect(within(dialog).getByRole("button", { name: "Make them a member" })).toBeEnabled();
  });

  it("sends the chosen role, and shows the refusal in the dialog", async () => {
    render(<ChangeRoleButton orgSlug="acme" userId={ME} email="me@example.test" role="owner" self />);
    fireEvent.click(screen.getByRole("button", { name: "Change role (you)" }));
    const dialog = screen.getByRole("dialog", { name: "Change your role?" });
    fireEvent.click(within(dialog).getByRole("radio", { name: /^Admin/ }));
    expect(within(dialog).getByText("You will no longer change roles or remove people.")).toBeInTheDocument();
    await act(async () => fireEvent.click(within(dialog).getByRole("button", { name: "Make me an admin" })));
    expect(change).toHaveBeenCalledTimes(1);
    const sent = change.mock.calls[0][1];
    expect(Object.fromEntries(sent)).toEqual({ orgSlug: "acme", userId: ME, role: "admin" });
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Make someone else an owner first");
  });

  it("is in every row of the members list for an owner, their own too, and in none for anyone else", () => {
    const members = [
      { userId: ME, email: "me@example.test", role: "owner" as const, joinedAt: new Date() },
      { userId: BO, email: "bo@example.test", role: "member" as const, joinedAt: new Date() },
    ];
    const { rerender } = render(<MemberList orgSlug="acme" members={members} currentUserId={ME} canRemove canChangeRoles />);
    expect(screen.getByRole("button", { name: "Change role (you)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Change role of bo@example.test" })).toBeInTheDocument();
    rerender(<MemberList orgSlug="acme" members={members} currentUserId={ME} canRemove={false} />);
    expect(screen.queryByRole("button", { name: /Change/ })).toBeNull();
  });
  it("offers a reset code for members and admins, never for another owner", () => {
    const members = [
      { userId: ME, email: "me@example.test", role: "owner" as const, joinedAt: new Date() },
      { userId: BO, email: "bo@example.test", role: "admin" as const, joinedAt: new Date() },
      { userId: CO, email: "co@example.test", role: "owner" as const, joinedAt: new Date() },
    ];
    render(<MemberList orgSlug="acme" members={members} currentUserId={ME} canRemove canResetPasswords />);
    expect(screen.getByRole("button", { name: "Reset password of bo@example.test" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reset password of co@example.test" })).toBeNull();
  });
});
