/**
 * Runs the provider fake as its own process, for the browser end-to-end test:
 *   FAKE_PORT=4010 FAKE_KEYS='{"sk-proj-…":"valid"}' node --import tsx test/fakes/provider-fake-server.ts
 * Prints "listening <url>" once ready; point PROVIDER_BASE_URL_OPENAI (and _ANTHROPIC, _GCP) at it.
 * For GCP, the FAKE_KEYS key is the whole service-account JSON text.
 * (Test tooling, so it reads process.env itself; the app's env rule does not apply here.)
 */
import { startProviderFake, type FakeBehaviour } from "./provider-fake";

const BEHAVIOURS = new Set(["valid", "invalid", "insufficient", "rate_limited", "outage", "hang", "malformed", "quota", "disabled"]);

function parseKeys(text: string | undefined): Record<string, FakeBehaviour> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  if (!parsed || typeof parsed !== "object") throw new Error("FAKE_KEYS must be a JSON object of key → behaviour");
  for (const [key, behaviour] of Object.entries(parsed)) {
    if (!BEHAVIOURS.has(behaviour as string)) throw new Error(`FAKE_KEYS: unknown behaviour "${String(behaviour)}" for key …${key.slice(-4)}`);
  }
  return parsed as Record<string, FakeBehaviour>;
}

const fake = await startProviderFake({ port: Number(process.env.FAKE_PORT ?? 0), keys: parseKeys(process.env.FAKE_KEYS) });
console.log(`listening ${fake.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void fake.close().then(() => process.exit(0)));
}
