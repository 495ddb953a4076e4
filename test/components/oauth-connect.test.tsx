import { act, fireEvent, render, screen } from "@testing-library/react";
import type { ConnectUIEvent } from "@nangohq/frontend";

// The server actions and the router are replaced; the component's own flow is what is under test.
const createSession = jest.fn();
const getStatus = jest.fn();
const refresh = jest.fn();
let onEvent: ((e: ConnectUIEvent) => void) | undefined;
const close = jest.fn();

jest.mock("@/actions/oauth/create-connect-session", () => ({ createConnectSessionAction: (...a: unknown[]) => createSession(...a) }));
jest.mock("@/actions/oauth/get-connection-status", () => ({ getConnectionStatusAction: (...a: unknown[]) => getStatus(...a) }));
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));
jest.mock("@nangohq/frontend", () => ({
  __esModule: true,
  default: class {
    openConnectUI(props: { onEvent: (e: ConnectUIEvent) => void }) {
      onEvent = props.onEvent;
      return { close };
    }
  },
}));

import { OAuthConnect } from "@/components/oauth/oauth-connect";

const session = (expiresInMs = 30 * 60_000) => ({
  ok: true,
  data: { token: "nango_connect_session_x", expiresAt: new Date(Date.now() + expiresInMs).toISOString(), since: "2026-11-22 10:00:00+00", apiUrl: "https://api.nango.dev", connectUrl: "https://connect.nango.dev" },
});
const props = { orgSlug: "acme", providerId: "slack", providerName: "Slack", integration: "slack", configured: true, hasDefault: false, hasKeyFields: false };

async function start() {
  render(<OAuthConnect {...props} />);
  await act(async () => fireEvent.click(screen.getByRole("button", { name: "Connect with Slack" })));
}

beforeEach(() => {
  jest.clearAllMocks();
  onEvent = undefined;
  createSession.mockResolvedValue(session());
});

describe("Connect with OAuth", () => {
  it("explains what to set when Nango is not configured, and keeps the button off", () => {
    render(<OAuthConnect {...props} configured={false} />);
    expect(screen.getByText(/Ask whoever runs this Switchboard to turn it on/)).toBeInTheDocument();
    expect(screen.getByText("How to turn it on")).toBeInTheDocument();
    expect(screen.getByText(/NANGO_SECRET_KEY/)).toHaveTextContent(`${window.location.origin}/api/nango/webhook`);
    expect(screen.getByRole("button", { name: "Connect with Slack" })).toBeDisabled();
  });

  it("asks for a session for this org, provider and name, and opens Connect UI with it", async () => {
    await start();
    expect(createSession).toHaveBeenCalledWith(null, { orgSlug: "acme", provider: "slack", name: "default" });
    expect(onEvent).toBeDefined();
  });

  it.each([
    ["a blocked popup", { type: "error", payload: { errorType: "blocked_by_browser", errorMessage: "" } }, /Allow pop-ups/],
    ["a closed sign-in window", { type: "error", payload: { errorType: "window_closed", errorMessage: "" } }, /closed before it finished/],
    ["closing Connect UI", { type: "close" }, /You closed the Nango window/],
  ] as const)("ends %s with a clear message and a retry button", async (_case, event, message) => {
    await start();
    act(() => onEvent!(event as ConnectUIEvent));
    expect(screen.getByRole("alert")).toHaveTextContent(message);
    expect(screen.getByRole("button", { name: "Try again" })).toBeEnabled();
  });

  it("suggests a free name once the page refreshes with the connection just made, keeping one the user typed", () => {
    const nameField = () => screen.getByRole("textbox", { name: /Credential name/ });
    const { rerender } = render(<OAuthConnect {...props} />);
    expect(nameField()).toHaveValue("default");
    rerender(<OAuthConnect {...props} hasDefault />);
    expect(nameField()).toHaveValue("oauth");
    fireEvent.change(nameField(), { target: { value: "staging" } });
    rerender(<OAuthConnect {...props} hasDefault={false} />);
    expect(nameField()).toHaveValue("staging");
  });

  it("shows the server's sentence when the session cannot start", async () => {
    createSession.mockResolvedValue({ ok: false, status: 409, error: 'A Slack credential named "default" already exists.' });
    await start();
    expect(screen.getByRole("alert")).toHaveTextContent("already exists");
    expect(screen.getByRole("button", { name: "Try again" })).toBeEnabled();
  });

  describe("with fake timers", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("ends an expired session with a message and a retry button", async () => {
      createSession.mockResolvedValue(session(5_000));
      await start();
      await act(async () => jest.advanceTimersByTime(5_001));
      expect(close).toHaveBeenCalled();
      expect(screen.getByRole("alert")).toHaveTextContent(/session expired/);
      expect(screen.getByRole("button", { name: "Try again" })).toBeEnabled();
    });

    it("polls every 2 s after Nango's connect event until the webhook has recorded it, then refreshes", async () => {
      getStatus.mockResolvedValueOnce({ ok: true, data: null }).mockResolvedValueOnce({ ok: true, data: { integrationId: "i", status: "VALID", reason: null } });
      await start();
      act(() => onEvent!({ type: "connect", payload: { connectionId: "conn-1", providerConfigKey: "slack" } }));
      expect(screen.getByText(/Waiting for Nango/)).toBeInTheDocument();
      await act(async () => jest.advanceTimersByTime(2_000));
      await act(async () => jest.advanceTimersByTime(2_000));
      expect(getStatus).toHaveBeenCalledTimes(2);
      expect(getStatus).toHaveBeenCalledWith(null, { orgSlug: "acme", connectionId: "conn-1", since: "2026-11-22 10:00:00+00" });
      expect(screen.getByRole("status")).toHaveTextContent(/Connected/);
      expect(refresh).toHaveBeenCalled();
    });

    it("stops waiting after two minutes without the webhook and names the webhook URL", async () => {
      getStatus.mockResolvedValue({ ok: true, data: null });
      await start();
      act(() => onEvent!({ type: "connect", payload: { connectionId: "conn-2", providerConfigKey: "slack" } }));
      for (let i = 0; i < 61; i++) await act(async () => jest.advanceTimersByTime(2_000));
      expect(screen.getByRole("alert")).toHaveTextContent("/api/nango/webhook");
      const calls = getStatus.mock.calls.length;
      await act(async () => jest.advanceTimersByTime(10_000));
      expect(getStatus.mock.calls.length).toBe(calls);
    });
  });
});
