import { render, screen } from "@testing-library/react";
import { Field, Input, Textarea } from "@/components/ui/input";

function describedByTexts(el: HTMLElement) {
  return (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent);
}

describe("Field", () => {
  it("labels the control and describes it with the hint", () => {
    render(
      <Field label="Name" hint="Shown in the sidebar">
        <Input name="name" />
      </Field>,
    );
    const input = screen.getByLabelText("Name");
    expect(describedByTexts(input)).toEqual(["Shown in the sidebar"]);
    expect(input).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("marks the control invalid and announces the error in role=alert", () => {
    render(
      <Field label="API key" hint="Starts with sk-" error="Key is too short">
        <Input name="key" />
      </Field>,
    );
    const input = screen.getByLabelText("API key");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(describedByTexts(input)).toEqual(["Starts with sk-", "Key is too short"]);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Key is too short");
    expect(input.getAttribute("aria-describedby")).toContain(alert.id);
  });

  it("renders one line per message for array errors and ignores an empty array", () => {
    const { rerender } = render(
      <Field label="Notes" error={["Too long", "No control characters"]}>
        <Textarea name="notes" />
      </Field>,
    );
    expect(screen.getByRole("alert").querySelectorAll("p")).toHaveLength(2);
    rerender(
      <Field label="Notes" error={[]}>
        <Textarea name="notes" />
      </Field>,
    );
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText("Notes")).not.toHaveAttribute("aria-invalid");
  });

  it("keeps the control's own id and aria-describedby, and says 'required' in words", () => {
    render(
      <>
        <p id="extra">Extra help</p>
        <Field label="Slug" hint="Lowercase" required>
          <Input id="slug" aria-describedby="extra" />
        </Field>
      </>,
    );
    const input = screen.getByLabelText(/Slug/);
    expect(input.id).toBe("slug");
    expect(input).toBeRequired();
    expect(describedByTexts(input)).toEqual(["Extra help", "Lowercase"]);
    expect(screen.getByText("(required)", { exact: false })).toBeInTheDocument();
  });
});
