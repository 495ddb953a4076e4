import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { Modal } from "@/components/ui/modal";
import { installDialog, setReducedMotion } from "../helpers/browser-gaps";

beforeAll(() => { installDialog(); setReducedMotion(true); });

function Harness({ onClose = () => {} }: { onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Delete</button>
      <Modal open={open} onClose={() => { onClose(); setOpen(false); }} title="Delete the key?" description="It cannot be recovered.">
        <button>Delete for good</button>
      </Modal>
    </>
  );
}

describe("Modal", () => {
  it("stays closed and empty until opened, then is a labelled, described dialog", () => {
    render(<Harness />);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.queryByText("Delete for good")).toBeNull();
    fireEvent.click(screen.getByText("Delete"));
    const dialog = screen.getByRole("dialog", { name: "Delete the key?" });
    expect(dialog).toHaveAccessibleDescription("It cannot be recovered.");
    expect(screen.getByRole("button", { name: "Delete for good" })).toBeVisible();
  });

  it("closes on Escape (the cancel event) and on a click on the backdrop, not inside", () => {
    const onClose = jest.fn();
    render(<Harness onClose={onClose} />);
    fireEvent.click(screen.getByText("Delete"));
    fireEvent.click(screen.getByRole("button", { name: "Delete for good" }));
    expect(onClose).not.toHaveBeenCalled();
    fireEvent(screen.getByRole("dialog"), new Event("cancel", { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("dialog")).toBeNull();

    fireEvent.click(screen.getByText("Delete"));
    fireEvent.click(screen.getByRole("dialog"));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
