import { act, fireEvent, render, screen } from "@testing-library/react";
import { ToastProvider, useToast } from "@/components/ui/toast";
import { setReducedMotion } from "../helpers/browser-gaps";

function Trigger({ title = "Deleted OpenAI credential default" }: { title?: string }) {
  const toast = useToast();
  return <button onClick={() => toast({ title, text: "The audit log keeps the record." })}>Do it</button>;
}

const setup = (title?: string) => render(<ToastProvider><Trigger title={title} /></ToastProvider>);
// Leaving toasts finish their exit on animation frames, which the fake timers drive.
const settle = async () => {
  for (let i = 0; i < 5; i++) await act(async () => { jest.advanceTimersByTime(100); });
};

describe("toasts", () => {
  beforeEach(() => { jest.useFakeTimers(); setReducedMotion(true); });
  afterEach(() => jest.useRealTimers());

  it("announces politely, in a labelled list, and can be dismissed by a button", async () => {
    setup();
    fireEvent.click(screen.getByText("Do it"));
    const list = screen.getByRole("list", { name: "Notifications" });
    expect(list).toHaveTextContent("Deleted OpenAI credential default");
    expect(screen.getByRole("status")).toHaveTextContent("The audit log keeps the record.");
    fireEvent.click(screen.getByRole("button", { name: "Dismiss notification" }));
    await settle();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("leaves by itself, but not while the pointer rests on it", async () => {
    setup();
    fireEvent.click(screen.getByText("Do it"));
    const item = screen.getByRole("status").closest("li")!;
    fireEvent.pointerEnter(item);
    act(() => { jest.advanceTimersByTime(20_000); });
    expect(screen.getByRole("status")).toBeInTheDocument();
    fireEvent.pointerLeave(item);
    act(() => { jest.advanceTimersByTime(6_500); });
    await settle();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("keeps at most three at once", async () => {
    setup();
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByText("Do it"));
    await settle();
    expect(screen.getAllByRole("status")).toHaveLength(3);
  });
});
