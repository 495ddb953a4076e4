"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { cancelDeploymentAction } from "@/actions/deployments/cancel-deployment";
import type { DeploymentEvent, DeploymentState } from "@/lib/deployments/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { DeploymentStateBadge, deploymentStateWord } from "./deployment-state";

const TERMINAL: DeploymentState[] = ["ready", "error", "canceled"];
const LEVEL_WORD = { info: null, warning: "warn", error: "error" } as const;

/**
 * The deployment's events, streamed: the history first, then the live tail. EventSource resends
 * the last seq it saw (Last-Event-ID) whenever it reconnects, after a dropped connection or when
 * the server ends the stream at its time limit, so nothing is shown twice or missed; the `end`
 * event says everything there is has been sent.
 */
export function DeploymentLive({ orgSlug, id, initialState, initialProviderState, initialSeq, canCancel }: {
  orgSlug: string; id: string; initialState: DeploymentState; initialProviderState: string | null;
  /** The last seq stored when the page was read: the initial state is as new as that event. */
  initialSeq: number; canCancel: boolean;
}) {
  const [events, setEvents] = useState<DeploymentEvent[]>([]);
  const [state, setState] = useState(initialState);
  const [providerState, setProviderState] = useState(initialProviderState);
  const [live, setLive] = useState<"connecting" | "live" | "ended">("connecting");
  const [cancelMsg, setCancelMsg] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const [canceling, start] = useTransition();
  const last = useRef(0);
  const log = useRef<HTMLOListElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(`/api/deployments/${encodeURIComponent(orgSlug)}/${encodeURIComponent(id)}/events`);
    source.onopen = () => setLive("live");
    source.onmessage = (msg) => {
      let e: DeploymentEvent;
      try {
        e = JSON.parse(msg.data) as DeploymentEvent;
      } catch {
        return;
      }
      if (e.seq <= last.current) return;
      last.current = e.seq;
      setEvents((cur) => [...cur, e]);
      // The history replays older state events; the row read with the page is already newer than
      // them (its provider word may have moved on without a state change, INITIALIZING to BUILDING).
      if (e.type === "state" && e.state && e.seq > initialSeq) {
        setState(e.state);
        setProviderState(/\(([A-Za-z_]+)\)/.exec(e.text)?.[1] ?? null);
      }
    };
    source.addEventListener("end", () => {
      source.close();
      setLive("ended");
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING) setLive("connecting");
    };
    return () => source.close();
  }, [orgSlug, id, initialSeq]);

  // Follow the tail while the reader is at the bottom; leave them be when they scrolled up.
  useEffect(() => {
    const el = log.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [events]);

  const cancel = () => start(async () => {
    const r = await cancelDeploymentAction(null, { orgSlug, deploymentId: id });
    setCancelMsg(r.ok ? { tone: "info", text: r.message ?? "Cancel requested." } : { tone: "error", text: r.error });
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <span aria-live="polite" data-testid="deployment-state"><DeploymentStateBadge state={state} providerState={providerState} /></span>
        <span className="text-sm text-fg-muted" data-live={live}>
          {live === "live" ? "Live" : live === "ended" ? `Complete: ${deploymentStateWord(state).toLowerCase()}` : "Connecting"}
        </span>
        {canCancel && !TERMINAL.includes(state) && (
          <Button type="button" variant="danger" size="sm" className="ml-auto" onClick={cancel} pending={canceling} pendingLabel="Canceling">Cancel deployment</Button>
        )}
      </div>
      {cancelMsg && <Alert tone={cancelMsg.tone}>{cancelMsg.text}</Alert>}
      <GlassPanel depth={1} className="p-0">
        <ol
          ref={log}
          aria-label="Build log"
          onScroll={(e) => { const el = e.currentTarget; stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24; }}
          className="max-h-[32rem] overflow-y-auto p-4 font-mono text-xs leading-6"
        >
          {events.length === 0 && <li className="text-fg-muted">Waiting for the first event.</li>}
          {events.map((e) => (
            <li key={e.seq} data-seq={e.seq} data-type={e.type} className={e.type === "state" ? "my-1 border-y border-line py-1 text-white" : e.level === "error" ? "text-error" : e.level === "warning" ? "text-warning" : "text-fg"}>
              {/* The provider's time where it gave one: lines stored in one batch (after a takeover) keep when they were printed. */}
              <span className="mr-3 select-none text-fg-muted">{(e.providerAt ?? e.createdAt).slice(11, 19)}</span>
              {e.type === "log" && LEVEL_WORD[e.level] && <span className="mr-2 font-semibold uppercase">[{LEVEL_WORD[e.level]}]</span>}
              {e.type === "state" ? <strong>{e.text}</strong> : <span className="whitespace-pre-wrap break-all">{e.text}</span>}
            </li>
          ))}
        </ol>
      </GlassPanel>
    </div>
  );
}
