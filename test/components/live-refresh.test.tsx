import { act, render } from "@testing-library/react";
import { LiveRefresh } from "@/components/live/live-refresh";

const refresh = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

/** The browser's EventSource, which jsdom lacks: records what was opened and lets the test speak for the server. */
class FakeEventSource {
  static CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((msg: { data: string; lastEventId: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeEventSource.opened.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }
  send(id: number, type: string, data: Record<string, unknown> = {}) {
    this.onmessage?.({ data: JSON.stringify({ id: String(id), type, data, createdAt: "2026-12-03T10:00:00Z" }), lastEventId: String(id) });
  }
}

beforeAll(() => {
  (globalThis as unknown as { EventSource: unknown }).EventSource = FakeEventSource;
});
beforeEach(() => {
  jest.useFakeTimers();
  refresh.mockClear();
  FakeEventSource.opened = [];
});
afterEach(() => jest.useRealTimers());

describe("LiveRefresh", () => {
  it("follows the org's stream from the id the page was rendered at, and refreshes once per burst of matching events", () => {
    const { unmount } = render(<LiveRefresh orgSlug="acme" after="41" prefixes={["credential.", "integration."]} provider="openai" />);
    const [source] = FakeEventSource.opened;
    expect(source.url).toBe("/api/events/acme?after=41");
    act(() => {
      source.send(42, "credential.saved", { provider: "openai" });
      source.send(43, "integration.status_changed", { provider: "openai" });
      source.send(44, "notification.raised", {});
      source.send(45, "credential.saved", { provider: "anthropic" });
    });
    expect(refresh).not.toHaveBeenCalled();
    act(() => void jest.advanceTimersByTime(200));
    expect(refresh).toHaveBeenCalledTimes(1);
    act(() => {
      source.send(46, "member.joined", { userId: "u" });
      jest.advanceTimersByTime(200);
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    unmount();
    expect(source.closed).toBe(true);
  });

  it("opens a new stream from the last id seen when the browser gives up on one", () => {
    render(<LiveRefresh orgSlug="acme" after="7" prefixes={["credential."]} />);
    const [first] = FakeEventSource.opened;
    act(() => first.send(8, "credential.deleted"));
    // A refused reconnect: EventSource closes for good rather than retrying itself.
    act(() => {
      first.readyState = FakeEventSource.CLOSED;
      first.onerror?.();
    });
    expect(FakeEventSource.opened).toHaveLength(1);
    act(() => void jest.advanceTimersByTime(2000));
    expect(FakeEventSource.opened).toHaveLength(2);
    expect(FakeEventSource.opened[1].url).toBe("/api/events/acme?after=8");
  });

  it("shares one stream between the header's and the page's LiveRefresh, and a burst both follow costs one refresh", () => {
    const { unmount } = render(<>
      <LiveRefresh orgSlug="shared" after="10" prefixes={["request."]} />
      <LiveRefresh orgSlug="shared" after="10" prefixes={["credential.", "request."]} />
    </>);
    expect(FakeEventSource.opened).toHaveLength(1);
    act(() => {
      FakeEventSource.opened[0].send(11, "request.created", { provider: "openai" });
      jest.advanceTimersByTime(200);
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    unmount();
    expect(FakeEventSource.opened[0].closed).toBe(true);
  });

  it("gives a page that joins the open stream the events after its own id, and re-reads when they are no longer at hand", () => {
    const header = render(<LiveRefresh orgSlug="late" after="20" prefixes={["request."]} />);
    const [source] = FakeEventSource.opened;
    act(() => source.send(21, "credential.saved", { provider: "openai" }));
    expect(refresh).not.toHaveBeenCalled();
    // A page rendered at 20 mounts after the stream delivered 21: it still hears of it.
    const page = render(<LiveRefresh orgSlug="late" after="20" prefixes={["credential."]} />);
    act(() => void jest.advanceTimersByTime(200));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(FakeEventSource.opened).toHaveLength(1);
    // One rendered before anything the stream still holds: it refreshes rather than miss something.
    const stale = render(<LiveRefresh orgSlug="late" after="5" prefixes={["credential."]} />);
    act(() => void jest.advanceTimersByTime(200));
    expect(refresh).toHaveBeenCalledTimes(2);
    // One already up to date hears nothing old.
    const fresh = render(<LiveRefresh orgSlug="late" after="21" prefixes={["credential."]} />);
    act(() => void jest.advanceTimersByTime(200));
    expect(refresh).toHaveBeenCalledTimes(2);
    for (const r of [header, page, stale, fresh]) r.unmount();
    expect(source.closed).toBe(true);
  });
});
