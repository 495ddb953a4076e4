import { proxyHandler } from "../../lib/agents/http";
import { agentRequest, agentsWorld, grant, makeAgent, openaiKey, storeCredential } from "../../test/helpers/agents";

const ROUNDS = 300;
const WARMUP = 30;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The broker's overhead: GET /v1/models on a loopback provider through the proxy handler (token,
 * grant, rate limits, use count, credential opened with the vault, forwarding, redaction, audit
 * row written once the answer has ended, as after() does in the app, outside the timed calls)
 * against the same request made directly with the key, alternating, in one process. Next's
 * routing is not included: it is the same for every route.
 */
export async function measureAgents(databaseUrl: string | undefined) {
  const kind = databaseUrl ? "postgres" : "pglite";
  const w = await agentsWorld(kind, `bench${Date.now()}`);
  try {
    const key = openaiKey("bench");
    w.upstream.keys.add(key);
    await storeCredential(w.deps, w.a, "openai", { apiKey: key });
    const { token, agent } = await makeAgent(w.db, w.a, "bench");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", ratePerMinute: 10_000 });
    // As the app runs it: the audit event is written once the answer has ended (after()).
    const pending: Promise<unknown>[] = [];
    const deps = { ...w.deps, limits: { agentPerMinute: 1_000_000 }, waitUntil: (task: Promise<unknown>) => { pending.push(task); } };
    const proxied = async () => {
      const res = await proxyHandler(agentRequest("GET", "/api/v1/agent/proxy/openai/v1/models", token), { provider: "openai", path: ["v1", "models"] }, deps);
      if (res.status !== 200) throw new Error(`the proxy answered ${res.status}`);
      await res.arrayBuffer();
    };
    const direct = async () => {
      const res = await fetch(`${w.upstream.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`the provider answered ${res.status}`);
      await res.arrayBuffer();
    };
    const times = { proxied: [] as number[], direct: [] as number[] };
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      for (const [name, run] of [["proxied", proxied], ["direct", direct]] as const) {
        const started = performance.now();
        await run();
        if (i >= WARMUP) times[name].push(performance.now() - started);
        // The audit event, written once the answer has ended, runs between the timed calls: on
        // PGlite it shares this thread and would otherwise land in whichever call comes next.
        await Promise.all(pending.splice(0));
      }
    }
    await Promise.all(pending);
    w.upstream.requests.length = 0;
    const p = median(times.proxied);
    const d = median(times.direct);
    return { database: kind, rounds: ROUNDS, proxiedMedianMs: p, directMedianMs: d, ratio: p / d, addedMs: p - d };
  } finally {
    await w.close();
  }
}

export const agentLines = (a: Awaited<ReturnType<typeof measureAgents>>) => [
  `| agents: proxied call to a loopback provider / the same call direct, median (${a.database}, ${a.rounds} rounds) | ${a.ratio.toFixed(2)} (${a.proxiedMedianMs.toFixed(2)} ms / ${a.directMedianMs.toFixed(2)} ms) | - |`,
  `| agents: milliseconds the broker adds at the median | ${a.addedMs.toFixed(2)} ms | at most 2 ms |`,
];

// Alone: node --conditions=react-server --import tsx scripts/bench/agents.ts
if (process.argv[1]?.endsWith("agents.ts")) {
  measureAgents(process.env.DATABASE_URL).then((a) => { console.log(agentLines(a).join("\n")); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
