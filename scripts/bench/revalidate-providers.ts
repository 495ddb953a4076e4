import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startDevtoolsFake } from "../../test/fakes/devtools-fake";
import { startLlmFake } from "../../test/fakes/llm-fake";
import { startPlatformFake } from "../../test/fakes/platform-fake";
import { startProviderFake } from "../../test/fakes/provider-fake";

/**
 * Bench (e)'s providers: each a loopback server answering after a set delay, in a worker thread of
 * its own. They stand for services on other machines: in the bench's own thread, twenty of them
 * answering together (each forwarding to its fake, which parses and answers) kept that thread busy
 * 20 to 66 ms against 14 to 39 ms in a worker (calls alone, no database; 2026-12-03, load 3 to 4),
 * and the run waited behind that although no provider's work runs in Switchboard.
 * Switchboard's side of every call (the request, the answer, the check) stays in the bench's thread.
 */
export interface Delay { ms: number; hang: boolean }

type Message = { kind: "delay"; id: string; delay: Delay } | { kind: "close" };

/** `inWorker` false: the same servers in the calling thread (how bench (e) ran them before 2026-12-03), for comparison. */
export async function startBenchProviders(ids: string[], { inWorker }: { inWorker: boolean }): Promise<BenchProviders> {
  if (!inWorker) return serve(ids);
  // Node 20 does not hand tsx's loader to a worker: the worker registers it, then loads this file.
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { ids } });
  const replies: ((value: unknown) => void)[] = [];
  const ask = <T>(m: Message) => new Promise<T>((resolve) => { replies.push(resolve as (v: unknown) => void); worker.postMessage(m); });
  worker.on("message", (m) => replies.shift()?.(m));
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    replies.push(resolve as (v: unknown) => void);
    worker.once("error", reject);
  });
  return {
    url: (id) => urls[id],
    delay: (id, delay) => ask<void>({ kind: "delay", id, delay }),
    close: async () => { await ask<void>({ kind: "close" }); await worker.terminate(); },
  };
}

export interface BenchProviders {
  url(id: string): string;
  delay(id: string, delay: Delay): Promise<void>;
  close(): Promise<void>;
}

/** A provider that answers after a fixed delay: holds each request `delay.ms`, then forwards it to the provider's fake (or never answers while `delay.hang`). */
async function delayed(upstream: string, delay: Delay) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      if (delay.hang) return; // Held until the client's timeout gives up.
      await new Promise((r) => setTimeout(r, delay.ms));
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body });
      const out: Record<string, string> = {};
      for (const k of ["content-type", "retry-after", "location"]) { const v = answer.headers.get(k); if (v) out[k] = v; }
      res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

async function serve(ids: string[]): Promise<BenchProviders> {
  const fakes = { provider: await startProviderFake(), llm: await startLlmFake(), platform: await startPlatformFake(), devtools: await startDevtoolsFake() };
  const fakeOf = (id: string) => ["openai", "anthropic"].includes(id) ? fakes.provider : ["gemini", "openrouter", "groq", "mistral", "replicate", "huggingface"].includes(id) ? fakes.llm
    : ["runpod", "aws", "cloudflare", "stripe", "supabase"].includes(id) ? fakes.platform : fakes.devtools;
  const delays = new Map<string, Delay>();
  const servers = new Map<string, Awaited<ReturnType<typeof delayed>>>();
  for (const id of ids) {
    const d = { ms: 0, hang: false };
    delays.set(id, d);
    servers.set(id, await delayed(fakeOf(id).url, d));
  }
  return {
    url: (id) => servers.get(id)!.url,
    delay: async (id, delay) => void Object.assign(delays.get(id)!, delay),
    close: async () => {
      for (const s of servers.values()) await s.close();
      for (const f of Object.values(fakes)) await f.close();
    },
  };
}

// In the worker: the servers, answering the bench thread's messages in order.
if (!isMainThread && (workerData as { ids?: string[] })?.ids) {
  void serve((workerData as { ids: string[] }).ids).then((providers) => {
    parentPort!.on("message", async (m: Message) => {
      if (m.kind === "delay") await providers.delay(m.id, m.delay);
      else await providers.close();
      parentPort!.postMessage(null);
    });
    parentPort!.postMessage(Object.fromEntries((workerData as { ids: string[] }).ids.map((id) => [id, providers.url(id)])));
  });
}
