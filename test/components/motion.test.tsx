import { render, screen } from "@testing-library/react";
import { Button } from "@/components/ui/button";
import { StatusChange } from "@/components/ui/motion";
import { StatusBadge } from "@/components/ui/status-badge";
import { setReducedMotion } from "../helpers/browser-gaps";

const badge = (status: "VALID" | "INVALID" | "PENDING") => (
  <StatusChange status={status}><StatusBadge status={status} /></StatusChange>
);

describe("motion", () => {
  it("a status that changes while on screen animates once; the first render does not", () => {
    setReducedMotion(false);
    const { container, rerender } = render(badge("PENDING"));
    expect(container.querySelector("[data-status-change]")).toBeNull();
    rerender(badge("VALID"));
    expect(container.querySelector("[data-status-change]")).toHaveAttribute("data-status-change", "VALID");
    expect(screen.getByText("Valid")).toBeInTheDocument();
  });

  it("under prefers-reduced-motion a status change does not move", () => {
    setReducedMotion(true);
    const { container, rerender } = render(badge("PENDING"));
    rerender(badge("VALID"));
    expect(container.querySelector("[data-status-change]")).toBeNull();
    expect(screen.getByText("Valid")).toBeInTheDocument();
  });

  it("the call-to-action pulse is there by default and gone under reduced motion", () => {
    setReducedMotion(false);
    const { container, unmount } = render(<Button attention>Connect with GitHub</Button>);
    expect(container.querySelector("[data-attention]")).not.toBeNull();
    unmount();
    setReducedMotion(true);
    const still = render(<Button attention>Connect with GitHub</Button>);
    expect(still.container.querySelector("[data-attention]")).toBeNull();
    expect(still.getByRole("button", { name: "Connect with GitHub" })).toBeEnabled();
  });
});
