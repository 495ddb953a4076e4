import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEventFeed, type EventFeed } from "@/lib/events/feed";
import { validationContext } from "@/lib/providers/context";
import { callbackUrlProblem, type HookTargetFn } from "@/lib/requests/callback";
import type { RequestApiDeps } from "@/lib/requests/deps";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { pinnedFetch } from "@/lib/net/pinned-fetch";
import { startProviderFake, type ProviderFake } from "../fakes/provider-fake";
import { REBIND_CERT, REBIND_HOST } from "../fakes/tls-fixture";
import { feedDb, type DbKind } from "./db";
import { makeOrg } from "./fixtures";

/**
 * Callbacks to https://rebind.example:<port>/… reach a loopback receiver (test/fakes/tls-fixture.ts)
 * through the real pinned fetch; only the public-address check is left out, which the SSRF tests
 * exercise with publicHookTarget itself.
 */
export const loopbackHookTarget: HookTargetFn = async (url) => {
  const problem = callbackUrlProblem(url);
  if (problem) return { ok: false, problem };
  if (new URL(url).hostname !== REBIND_HOST) return { ok: false, problem: "callback_url: tests only call the loopback receiver" };
  return { ok: true, fetch: pinnedFetch(REBIND_HOST, ["127.0.0.1"], { ca: REBIND_CERT }) };
};

/**
 * A migrated database with its event feed (PGlite in-process, or LISTEN on the PostgreSQL
 * server), the provider fake, a vault and two orgs: the requests API wired as the app wires it.
 * `subscribed` resolves the next time something subscribes to the feed (a long poll is waiting).
 */
export async function requestsWorld(kind: DbKind, label: string) {
  const { db, source } = await feedDb(kind);
  const real = createEventFeed(db, source);
  const waiters: (() => void)[] = [];
  const feed: EventFeed = {
    ...real,
    subscribe(...args) {
      const off = real.subscribe(...args);
      waiters.splice(0).forEach((w) => w());
      return off;
    },
  };
  const fake: ProviderFake = await startProviderFake();
  const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-req-")));
  const deps: RequestApiDeps = {
    db,
    vault: createVault({ kek, cacheTtlMs: 60_000 }),
    context: (id) => validationContext({ providerBaseUrls: { [id]: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, id),
    rateLimit: { limit: 10_000, windowSeconds: 60 },
    feed,
    hookTarget: loopbackHookTarget,
    origin: "http://switchboard.test",
    kick: () => {},
  };
  const a = await makeOrg(db, `${label}-a-${kind}`);
  const b = await makeOrg(db, `${label}-b-${kind}`);
  return {
    db, fake, deps, a, b,
    subscribed: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: async () => {
      await real.close();
      await fake.close();
      await db.close();
    },
  };
}
