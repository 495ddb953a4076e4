import { readFileSync } from "node:fs";
import path from "node:path";
import type { Recorder } from "./record";
import type { Person } from "./world";

/** The instances a client may send to, as a load balancer would: killed ones are taken out. */
export interface Pool {
  urls: string[];
  up: boolean[];
}

export interface Answer {
  status: number;
  /** Parsed JSON for API answers, the action's result for server actions, the text for pages. */
  body: unknown;
  text: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class SoakClient {
  private next = 0;
  constructor(
    readonly index: number,
    private readonly pool: Pool,
    private readonly recorder: Recorder,
    private readonly actionIds: Map<string, string>,
  ) {}

  private pick(): number {
    const live = this.pool.urls.map((_, i) => i).filter((i) => this.pool.up[i]);
    const list = live.length ? live : this.pool.urls.map((_, i) => i);
    return list[this.next++ % list.length];
  }

  async send(kind: string, pathname: string, init: RequestInit & { json?: unknown; sameOrigin?: boolean; provider?: string }): Promise<Answer> {
    const instance = this.pick();
    const base = this.pool.urls[instance];
    const headers = new Headers(init.headers);
    // A browser on that page sends its own origin with an action.
    if (init.sameOrigin) headers.set("origin", base);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const startedAt = Date.now();
    const t0 = performance.now();
    let status: number;
    let text = "";
    try {
      const res = await fetch(base + pathname, { ...init, body, headers, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      text = await res.text();
      status = res.status;
    } catch (err) {
      status = (err as Error).name === "TimeoutError" ? -1 : 0;
    }
    const ms = performance.now() - t0;
    this.recorder.requests.push({ kind, status, ms, startedAt, endedAt: Date.now(), instance, provider: init.provider, said: status >= 400 || status <= 0 ? saidOf(text) : undefined });
    let parsed: unknown = text;
    if (text.startsWith("{") || text.startsWith("[")) {
      try { parsed = JSON.parse(text); } catch { /* a page or a cut-off body */ }
    }
    return { status, body: parsed, text };
  }

  api(kind: string, person: Person, method: string, pathname: string, json?: unknown, provider?: string) {
    return this.send(kind, pathname, { method, json, provider, headers: { "x-api-key": person.apiKey } });
  }

  page(kind: string, person: Person, pathname: string) {
    return this.send(kind, pathname, { method: "GET", headers: { cookie: person.cookie } });
  }

  /**
   * A server action as the browser calls it: POST to a page that uses it, with its id in
   * Next-Action and the arguments (previous state, payload) in React's reply encoding, which for
   * plain strings is JSON. The answer is an RSC stream; the action's result is its row holding "ok".
   */
  async action(kind: string, person: Person, file: string, pagePath: string, payload: Record<string, unknown>, provider?: string): Promise<Answer> {
    const id = this.actionIds.get(file);
    if (!id) throw new Error(`soak: no server action for ${file} in this build`);
    const answer = await this.send(kind, pagePath, {
      method: "POST",
      sameOrigin: true,
      provider,
      body: JSON.stringify([null, payload]),
      headers: { cookie: person.cookie, "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    });
    const result = actionResult(answer.text);
    // An action's own refusals answer 200 with { ok: false, status }: that status is what counts.
    if (answer.status === 200 && result) return { status: result.ok ? 200 : result.status, body: result, text: answer.text };
    return answer;
  }
}

/** What an answer said, for the report: a page's visible text rather than its markup. */
function saidOf(text: string): string {
  const visible = text.startsWith("<") ? text.replace(/<(script|style)[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ") : text;
  return visible.replace(/\s+/g, " ").trim().slice(0, 300);
}

type ActionResultBody = { ok: boolean; status: number; error?: string; data?: unknown; message?: string };

function actionResult(text: string): ActionResultBody | null {
  for (const line of text.split("\n")) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m || !m[1].includes('"ok":')) continue;
    try {
      const value = JSON.parse(m[1]) as ActionResultBody;
      if (typeof value.ok === "boolean") return value;
    } catch { /* not this row */ }
  }
  return null;
}

/** Server action ids of this build, by source file (they change with every build). */
export function readActionIds(root: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string }>;
  };
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.filename) ids.set(entry.filename, id);
  return ids;
}
