import "server-only";
import type { ValidationContext } from "@/lib/providers/types";
import { DeploymentError } from "../credential";
import { VERCEL_API } from "./client";

/** One build event as the follow stream sends it (flat in v3; some fields under `payload` in older shapes). */
export interface VercelEvent {
  id: string;
  created: number;
  type: string;
  text?: string;
  level?: string;
  readyState?: string;
}

/**
 * An open follow stream (`/v3/deployments/{id}/events?follow=1`): newline-delimited JSON read
 * into a buffer as it arrives, kept open across worker steps so a line reaches the database as
 * soon as it is sent rather than when a step reconnects. The SDK's getDeploymentEvents reads the
 * whole body before it returns, which for a follow stream means "when the build is over": hence
 * this one raw reader, at the same origin and with the same token the SDK uses.
 */
export class FollowStream {
  readonly events: VercelEvent[] = [];
  /** The server closed the stream: Vercel does so once the build has sent its last line. */
  ended = false;
  /** The connection broke (or never opened); the caller reconnects with `since`. */
  failure: DeploymentError | null = null;
  touchedAt = Date.now();
  private readonly abort = new AbortController();
  private wake: (() => void) | null = null;

  constructor(public key: string) {}

  open(ctx: ValidationContext, token: string, deploymentId: string, teamId: string | null, since: number | undefined): void {
    const q = new URLSearchParams({ direction: "forward", follow: "1", limit: "-1" });
    if (since !== undefined) q.set("since", String(since));
    if (teamId) q.set("teamId", teamId);
    const url = `${ctx.baseUrl(VERCEL_API)}/v3/deployments/${encodeURIComponent(deploymentId)}/events?${q}`;
    void this.read(ctx, url, token);
  }

  private async read(ctx: ValidationContext, url: string, token: string) {
    try {
      const res = await ctx.fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: "application/stream+json", "User-Agent": ctx.userAgent },
        signal: this.abort.signal, redirect: "manual", cache: "no-store",
      });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => {});
        throw res.status === 401 || res.status === 403
          ? new DeploymentError("Vercel refused the token when reading the build events; it may be revoked or lack access to this team.", true, 403)
          : res.status === 404 ? new DeploymentError("Vercel has no such deployment any more.", true, 404)
          : new DeploymentError(`Vercel's build events answered HTTP ${res.status}; reconnecting.`, false, 502);
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf("\n")) !== -1) {
          this.push(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
        }
      }
      this.push(buffer);
      this.ended = true;
    } catch (err) {
      this.failure = err instanceof DeploymentError ? err : new DeploymentError("The connection to Vercel's build events broke; reconnecting.", false, 502);
    } finally {
      this.signal();
    }
  }

  private push(line: string) {
    if (!line.trim()) return;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // a half line from a cut connection: the reconnect reads it again
    }
    const payload = (e.payload ?? {}) as Record<string, unknown>;
    const created = typeof e.created === "number" ? e.created : typeof payload.date === "number" ? payload.date : null;
    if (created === null) return; // keep-alive lines carry no `created`
    const info = (e.info ?? payload.info ?? {}) as { readyState?: unknown };
    const text = typeof e.text === "string" ? e.text : typeof payload.text === "string" ? payload.text : undefined;
    const readyState = typeof info.readyState === "string" ? info.readyState : typeof e.readyState === "string" ? e.readyState : undefined;
    const id = String(e.id ?? payload.id ?? e.serial ?? payload.serial ?? `${created}:${text ?? ""}`);
    this.events.push({ id, created, type: String(e.type ?? ""), text, level: typeof e.level === "string" ? e.level : undefined, readyState });
    this.signal();
  }

  private signal() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Resolves when something arrived (or the stream ended or broke), or when `signal` aborts. */
  async waitForAny(signal: AbortSignal): Promise<void> {
    if (this.events.length || this.ended || this.failure || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.wake = done;
      signal.addEventListener("abort", done);
    });
  }

  /** Resolves after `ms` or earlier when the stream ends, so a burst of lines is stored in one write. */
  async settle(ms: number, signal: AbortSignal): Promise<void> {
    if (this.ended || this.failure) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }

  close(): void {
    this.abort.abort();
  }
}
