import { render, screen } from "@testing-library/react";
import { MARKS_SPRITE_PATH, marksSprite } from "@/components/ui/marks";
import { StatusBadge, type CredentialStatus } from "@/components/ui/status-badge";

const CASES: Array<[CredentialStatus, string]> = [
  ["VALID", "Valid"],
  ["INVALID", "Invalid"],
  ["PENDING", "Pending"],
  ["NOT_CONFIGURED", "Not configured"],
  ["CHECKING", "Checking"],
];

describe("StatusBadge", () => {
  it.each(CASES)("shows %s as the word %s with an accessible 'Status:' prefix", (status, word) => {
    const { container } = render(<StatusBadge status={status} />);
    const badge = screen.getByText(word);
    expect(badge).toBeVisible();
    expect(badge.textContent).toBe(`Status: ${word}`);
    // The shape is decoration for sighted users; the word carries the meaning for everyone.
    expect(container.querySelector("svg")).toHaveAttribute("aria-hidden", "true");
  });

  it("gives every status a different shape, not just a different colour", () => {
    const sprite = new DOMParser().parseFromString(marksSprite(), "image/svg+xml");
    const shapes = CASES.map(([status]) => {
      const { container, unmount } = render(<StatusBadge status={status} />);
      const svg = container.querySelector("svg")!;
      const href = svg.querySelector("use")!.getAttribute("href")!;
      expect(href.startsWith(`${MARKS_SPRITE_PATH}#st-`)).toBe(true);
      // The symbol the badge draws, as the sprite has it.
      const result = { name: svg.getAttribute("data-shape"), markup: sprite.getElementById(href.split("#")[1])!.innerHTML };
      unmount();
      return result;
    });
    expect(new Set(shapes.map((s) => s.name)).size).toBe(CASES.length);
    expect(new Set(shapes.map((s) => s.markup)).size).toBe(CASES.length);
    expect(shapes.every((s) => s.markup.length > 0)).toBe(true);
  });
});
