"use client";

import type { ConnectUI, ConnectUIEvent } from "@nangohq/frontend";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ConnectSessionView } from "@/actions/oauth/session-view";
import { getConnectionStatusAction } from "@/actions/oauth/get-connection-status";
import { NANGO_WEBHOOK_PATH } from "@/lib/oauth/messages";
import type { ActionResult } from "@/lib/safe-action";

export type ConnectPhase =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "open" }
  | { kind: "waiting" }
  | { kind: "done"; status: string; reason: string | null }
  | { kind: "failed"; message: string };

const POLL_MS = 2_000;
// Nango's webhook normally lands within seconds; after this the likeliest cause is a webhook URL Nango cannot reach.
const WAIT_LIMIT_MS = 120_000;
const SESSION_MS = 30 * 60_000;

const ERRORS: Record<string, string> = {
  blocked_by_browser: "Your browser blocked the sign-in window. Allow pop-ups for this site, then try again.",
  window_closed: "The sign-in window was closed before it finished. Nothing was connected.",
  connection_test_failed: "The provider accepted the sign-in, but Nango's test call with the new token failed.",
  resource_capped: "Your Nango plan's connection limit is reached.",
};

/**
 * Drives one Connect UI attempt: ask the server for a session, open Nango's Connect UI with it,
 * then poll until Nango's webhook has recorded the outcome. Every way it can stop (blocked popup,
 * closed window, expired session, no webhook) ends in a sentence and the chance to retry.
 */
export function useConnectUI(start: () => Promise<ActionResult<ConnectSessionView>>, orgSlug: string, providerName: string) {
  const [phase, setPhase] = useState<ConnectPhase>({ kind: "idle" });
  const router = useRouter();
  const ui = useRef<ConnectUI | null>(null);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const attempt = useRef(0);

  const stop = () => {
    timers.current.forEach(clearTimeout);
    timers.current = [];
    ui.current?.close();
    ui.current = null;
  };
  useEffect(() => () => { attempt.current++; stop(); }, []);

  function fail(id: number, message: string) {
    if (id !== attempt.current) return;
    stop();
    setPhase({ kind: "failed", message });
  }

  function poll(id: number, session: ConnectSessionView, connectionId: string, deadline: number) {
    const tick = async () => {
      if (id !== attempt.current) return;
      const res = await getConnectionStatusAction(null, { orgSlug, connectionId, since: session.since }).catch(() => null);
      if (id !== attempt.current) return;
      if (res?.ok && res.data) {
        stop();
        setPhase({ kind: "done", status: res.data.status, reason: res.data.reason });
        router.refresh();
      } else if (Date.now() > deadline) {
        fail(id, `${providerName} signed in at Nango, but Switchboard has not heard back from Nango's webhook. Check that Nango's webhook URL points at ${window.location.origin}${NANGO_WEBHOOK_PATH}, then try again.`);
      } else {
        timers.current.push(setTimeout(tick, POLL_MS));
      }
    };
    timers.current.push(setTimeout(tick, POLL_MS));
  }

  async function connect() {
    const id = ++attempt.current;
    stop();
    setPhase({ kind: "starting" });
    const res = await start().catch(() => null);
    if (id !== attempt.current) return;
    if (!res) return fail(id, "Couldn't reach Switchboard. Check your connection and try again.");
    if (!res.ok) return fail(id, res.error);
    const session = res.data;
    // Loaded on demand: the SDK is only needed once someone actually connects.
    const { default: Nango } = await import("@nangohq/frontend");
    let connectionId: string | null = null;
    const onEvent = (event: ConnectUIEvent) => {
      if (event.type === "connect") {
        connectionId = event.payload.connectionId;
        // The sign-in is done; the page itself says what happens next, so the overlay goes now.
        ui.current?.close();
        ui.current = null;
        setPhase({ kind: "waiting" });
        poll(id, session, connectionId, Date.now() + WAIT_LIMIT_MS);
      } else if (event.type === "error") {
        fail(id, ERRORS[event.payload.errorType] ?? `Nango reported an error: ${event.payload.errorMessage || event.payload.errorType}.`);
      } else if (event.type === "close" && !connectionId) {
        fail(id, `You closed the Nango window before connecting ${providerName}. Nothing was connected.`);
      }
    };
    const nango = new Nango({ host: session.apiUrl, connectSessionToken: session.token });
    ui.current = nango.openConnectUI({ baseURL: session.connectUrl, apiURL: session.apiUrl, detectClosedAuthWindow: true, onEvent });
    // Started from a modal dialog (the requests panel's acquisition dialog), the overlay must sit in
    // it: a modal dialog makes the rest of the page inert, the iframe Nango appends to <body> too.
    const modal = document.querySelector("dialog[open]");
    const frame = document.getElementById("connect-ui");
    if (modal && frame && !modal.contains(frame)) modal.append(frame);
    setPhase({ kind: "open" });
    // Nango's session lasts 30 minutes; past it Connect UI can only fail, so close it with a reason.
    const left = Date.parse(session.expiresAt) - Date.now();
    const expiresIn = Number.isFinite(left) ? Math.min(Math.max(left, 0), SESSION_MS) : SESSION_MS;
    timers.current.push(setTimeout(() => {
      if (!connectionId) fail(id, "The connect session expired before the sign-in finished. Start again.");
    }, expiresIn));
  }

  return { phase, connect };
}
