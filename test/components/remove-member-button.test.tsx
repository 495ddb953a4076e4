import { fireEvent, render, screen } from "@testing-library/react";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

// Never called here: the test reads the confirmation, it does not submit it.
jest.mock("@/actions/members/remove-member", () => ({ removeMemberAction: jest.fn() }));

import { RemoveMemberButton } from "@/components/members/remove-member-button";

beforeAll(() => { installDialog(); setReducedMotion(true); });

describe("remove member", () => {
  it("says what removal does: access and their API keys end, and coming back takes a new invite", () => {
    render(<RemoveMemberButton orgSlug="acme" userId="11111111-1111-4111-8111-111111111111" email="bo@example.test" />);
    fireEvent.click(screen.getByRole("button", { name: "Remove bo@example.test" }));
    const dialog = screen.getByRole("dialog", { name: "Remove bo@example.test?" });
    expect(dialog).toHaveAccessibleDescription("They lose access to this organization at once, and API keys they created stop working. To bring them back, send them a new invite.");
  });
});
