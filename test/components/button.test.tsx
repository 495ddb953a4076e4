import { fireEvent, render, screen } from "@testing-library/react";
import { Button, ButtonLink } from "@/components/ui/button";

describe("Button", () => {
  it("sets aria-busy and aria-disabled, keeps focus and shows a spinner while pending", () => {
    const { rerender } = render(<Button>Save</Button>);
    screen.getByRole("button").focus();
    rerender(<Button pending pendingLabel="Saving">Save</Button>);
    const button = screen.getByRole("button", { name: "Saving" });
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button).toHaveAttribute("aria-disabled", "true");
    // Not `disabled`: a disabled button loses focus, and a keyboard user would start over from the top.
    expect(button).not.toBeDisabled();
    expect(button).toHaveFocus();
    expect(button.querySelector("[data-spinner]")).not.toBeNull();
  });

  it("is not busy and has no spinner when idle", () => {
    render(<Button variant="secondary">Save</Button>);
    const button = screen.getByRole("button", { name: "Save" });
    expect(button).not.toHaveAttribute("aria-busy");
    expect(button).toBeEnabled();
    expect(button.querySelector("[data-spinner]")).toBeNull();
  });

  it("submits its form when type=submit, but not when pending or by default", () => {
    const onSubmit = jest.fn((e: React.FormEvent) => e.preventDefault());
    const { rerender } = render(
      <form onSubmit={onSubmit}>
        <Button type="submit">Save</Button>
        <Button>Cancel</Button>
      </form>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);

    rerender(
      <form onSubmit={onSubmit}>
        <Button type="submit" pending>
          Save
        </Button>
      </form>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("renders ButtonLink as a real link", () => {
    render(<ButtonLink href="/providers" variant="outline">Providers</ButtonLink>);
    expect(screen.getByRole("link", { name: "Providers" })).toHaveAttribute("href", "/providers");
  });
});
