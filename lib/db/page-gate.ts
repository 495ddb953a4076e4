import pg from "pg";
import { DATABASE_DOWN, databaseSeemsDown, noteDatabase } from "./availability";

// No "server-only": proxy.ts runs this before a page renders. It holds no secret (the URL stays here).

const PROBE_EVERY_MS = 1000;
const holder = globalThis as unknown as { __switchboardDbProbe?: { at: number; ok: Promise<boolean> } };

/** One `select 1` on a fresh connection, shared by the requests of the same second. */
function probe(url: string): Promise<boolean> {
  const last = holder.__switchboardDbProbe;
  if (last && Date.now() - last.at < PROBE_EVERY_MS) return last.ok;
  const ok = (async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      client.end().catch(() => {});
    }
  })();
  holder.__switchboardDbProbe = { at: Date.now(), ok };
  return ok;
}

/**
 * A page request while the database is known to be out of reach answers 503 with a sentence
 * rather than failing mid-render with a 500 (Next gives a thrown render error no other status).
 * Costs nothing while the database is up: it probes only after the pool saw a connection fail,
 * and the first probe that connects lets pages through again. Actions and /api answer their
 * own 503 in their own shapes (lib/safe-action.ts, lib/api/context.ts).
 */
export async function databaseGate(request: Request, databaseUrl: string | undefined): Promise<Response | null> {
  if (!databaseUrl || !databaseSeemsDown()) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (request.headers.has("next-action") || new URL(request.url).pathname.startsWith("/api/")) return null;
  if (await probe(databaseUrl)) {
    noteDatabase(true);
    return null;
  }
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Switchboard is unavailable</title></head>
<body style="font-family:system-ui,sans-serif;background:#0b0d12;color:#e6e8ee;display:grid;place-items:center;min-height:100vh;margin:0">
<main style="max-width:32rem;padding:2rem"><h1 style="font-size:1.25rem">Switchboard is unavailable</h1><p>${DATABASE_DOWN}</p></main></body></html>`;
  return new Response(page, { status: 503, headers: { "content-type": "text/html; charset=utf-8", "retry-after": "5", "cache-control": "no-store" } });
}
