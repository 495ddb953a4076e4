import { fireEvent, render, screen } from "@testing-library/react";
import { Field, SecretInput } from "@/components/ui/input";

function setup() {
  render(
    <Field label="API key">
      <SecretInput name="secret" defaultValue="sk-test-123" />
    </Field>,
  );
  return { input: screen.getByLabelText("API key") as HTMLInputElement, button: screen.getByRole("button", { name: "Hold to reveal" }) };
}

describe("SecretInput", () => {
  it("is a password field that browsers and spellcheckers leave alone", () => {
    const { input } = setup();
    expect(input).toHaveAttribute("type", "password");
    expect(input).toHaveAttribute("autocomplete", "off");
    expect(input).toHaveAttribute("spellcheck", "false");
    expect(input).toHaveAttribute("name", "secret");
  });

  it("reveals only while the pointer is held", () => {
    const { input, button } = setup();
    fireEvent.pointerDown(button);
    expect(input).toHaveAttribute("type", "text");
    expect(button).toHaveAttribute("aria-pressed", "true");
    fireEvent.pointerUp(button);
    expect(input).toHaveAttribute("type", "password");
    expect(button).toHaveAttribute("aria-pressed", "false");
  });

  it("does not reveal on a plain click", () => {
    const { input, button } = setup();
    fireEvent.click(button);
    expect(input).toHaveAttribute("type", "password");
  });

  it.each([" ", "Enter"])("reveals while %j is held down and hides on key up", (key) => {
    const { input, button } = setup();
    fireEvent.keyDown(button, { key });
    expect(input).toHaveAttribute("type", "text");
    fireEvent.keyUp(button, { key });
    expect(input).toHaveAttribute("type", "password");
  });

  it("hides again when focus leaves mid-hold", () => {
    const { input, button } = setup();
    fireEvent.keyDown(button, { key: " " });
    expect(input).toHaveAttribute("type", "text");
    fireEvent.blur(button);
    expect(input).toHaveAttribute("type", "password");

    fireEvent.pointerDown(button);
    fireEvent.blur(input, { relatedTarget: document.body });
    expect(input).toHaveAttribute("type", "password");
  });

  it("hides when the window loses focus mid-hold (pointerup may never arrive)", () => {
    const { input, button } = setup();
    fireEvent.pointerDown(button);
    fireEvent.blur(window);
    expect(input).toHaveAttribute("type", "password");
  });

  it("keeps the value across reveal and hide", () => {
    const { input, button } = setup();
    fireEvent.pointerDown(button);
    fireEvent.pointerUp(button);
    expect(input.value).toBe("sk-test-123");
  });
});
