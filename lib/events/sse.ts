/**
 * The lifecycle every Server-Sent Events stream here shares (org events, a deployment's events,
 * MCP's elicitation completions, one credential request's state), so each stream only says what
 * it sends. Serverless platforms (Vercel) cut a function off at its time limit and do not always
 * tell it the client left, so a stream ends itself before that limit with a retry hint and the
 * client reconnects, resuming by Last-Event-ID where the stream has ids.
 */

const HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: compression and proxies otherwise buffer the stream; X-Accel-Buffering: nginx (and Vercel's edge).
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

export interface SseLifecycle {
  /** The request's signal: aborts when the client goes away (not reliable everywhere, hence maxMs). */
  signal: AbortSignal;
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** The stream ends itself after this long, before the platform cuts the function off. */
  maxMs: number;
  /** The reconnect delay the client is told to use (the SSE retry field). */
  retryMs: number;
  /**
   * Whether the caller may still read the stream, asked with every heartbeat and on recheck():
   * false ends it ("access changed"); a throw (the database did not answer) is asked again next time.
   */
  allowed?: () => Promise<boolean>;
}

export interface SseFrame {
  id?: string | number | bigint;
  event?: string;
  /** Sent as it is when a string (each line a data line), JSON otherwise. */
  data: unknown;
}

export interface SseChannel {
  send(frame: SseFrame): void;
  /** Ends the stream; with a reason, a retry hint and the reason as a comment go first. Later calls do nothing. */
  end(why?: string): void;
  /** Asks `allowed` now (a membership event that may concern the caller), unless a check is under way. */
  recheck(): void;
  /** Aborts once the stream has ended, for whatever reason: for work that should stop with it. */
  readonly signal: AbortSignal;
}

export interface SseHooks {
  /** With every heartbeat, after the comment line: the streams catch up on notifications that never came. */
  heartbeat?(): void;
  /** At maxMs; by default the stream ends, telling the client to reconnect with Last-Event-ID. */
  timeLimit?(): void;
  /** Once, when the stream ends: let go of subscriptions. */
  close?(): void;
}

/** Last-Event-ID as EventSource resends it; else the fallback, by default ?after= (clients that cannot set headers). */
export function lastEventIdOf(req: Request): string | null;
export function lastEventIdOf(req: Request, fallback: string): string;
export function lastEventIdOf(req: Request, fallback?: string): string | null {
  return req.headers.get("last-event-id") ?? fallback ?? new URL(req.url).searchParams.get("after");
}

/** A refusal before any stream is opened: JSON, never cached. */
export const refuseStream = (status: number, error: string) =>
  Response.json({ ok: false, error }, { status, headers: { "Cache-Control": "no-store" } });

const frameText = ({ id, event, data }: SseFrame) => {
  const lines = typeof data === "string" ? data.split("\n") : [JSON.stringify(data)];
  return `${id !== undefined ? `id: ${id}\n` : ""}${event ? `event: ${event}\n` : ""}${lines.map((l) => `data: ${l}\n`).join("")}\n`;
};

/**
 * A text/event-stream response. `open` runs once the stream starts (after the retry hint and a
 * `connected` comment) and returns its hooks; everything it sends goes through the channel, which
 * drops frames once the stream has ended and ends it when the client can no longer be written to.
 */
export function sseResponse(life: SseLifecycle, open: (channel: SseChannel) => SseHooks | void): Response {
  const encoder = new TextEncoder();
  const ended = new AbortController();
  let end: (why?: string) => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let hooks: SseHooks = {};
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const goodbye = (why: string) => `retry: ${life.retryMs}\n: ${why}\n\n`;
      let checking = false;
      const recheck = async () => {
        if (!life.allowed || checking || closed) return;
        checking = true;
        try {
          if (!(await life.allowed())) end("access changed");
        } catch {
          // The database did not answer this time: the next heartbeat asks again.
        } finally {
          checking = false;
        }
      };
      const onAbort = () => end();
      let beat: ReturnType<typeof setInterval> | undefined;
      let limit: ReturnType<typeof setTimeout> | undefined;

      end = (why) => {
        if (closed) return;
        if (why) write(goodbye(why));
        closed = true;
        clearInterval(beat);
        clearTimeout(limit);
        ended.abort();
        hooks.close?.();
        life.signal.removeEventListener("abort", onAbort);
        try {
          controller.close();
        } catch { /* already closed by the client */ }
      };

      write(`retry: ${life.retryMs}\n: connected\n\n`);
      const channel: SseChannel = { send: (f) => write(frameText(f)), end: (why) => end(why), recheck: () => void recheck(), signal: ended.signal };
      hooks = open(channel) ?? {};
      // Ended while opening: nothing above let go of what open took.
      if (closed) return void hooks.close?.();
      beat = setInterval(() => {
        write(": heartbeat\n\n");
        hooks.heartbeat?.();
        void recheck();
      }, life.heartbeatMs);
      limit = setTimeout(() => (hooks.timeLimit ? hooks.timeLimit() : end("time limit reached; reconnect with Last-Event-ID")), life.maxMs);
      life.signal.addEventListener("abort", onAbort);
      if (life.signal.aborted) end();
    },
    cancel: () => end(),
  });
  return new Response(body, { headers: HEADERS });
}
