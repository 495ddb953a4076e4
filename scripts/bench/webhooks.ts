import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { openPglite } from "../../lib/db/pglite";
import type { Db } from "../../lib/db/types";
import { appendEvent } from "../../lib/events/append";
import { pinnedFetch } from "../../lib/net/pinned-fetch";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { createVault } from "../../lib/vault/vault";
import { createSubscription } from "../../lib/webhooks/subscriptions";
import { drainWebhooks } from "../../lib/webhooks/worker";
import type { HookTargetFn } from "../../lib/requests/callback";
import { startWebhookReceiver } from "../../test/fakes/webhook-receiver";
import { REBIND_CERT, REBIND_HOST } from "../../test/fakes/tls-fixture";

const EVENTS = 300;
const SUBSCRIPTIONS = 5;
const target: HookTargetFn = async () => ({ ok: true, fetch: pinnedFetch(REBIND_HOST, ["127.0.0.1"], { ca: REBIND_CERT }) });

async function org(db: Db, slug: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'Bench') returning id`, [slug]);
  return rows[0].id;
}

async function appendMany(db: Db, orgId: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    await db.transaction((tx) => appendEvent(tx, { orgId, type: "credential.deleted", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: `n${i}` } }));
  }
  return (performance.now() - start) / EVENTS;
}

/**
 * Outgoing webhooks on PGlite: what filling the outbox adds to appending an event (an org with
 * 5 matching subscriptions against one with none, same run), and how many signed deliveries per
 * second one worker sends to a loopback HTTPS receiver (a fresh pinned TLS connection each).
 */
export async function measureWebhooks() {
  const db = await openPglite();
  await migrate(db);
  const receiver = await startWebhookReceiver();
  try {
    const vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-bench-wh-"))), cacheTtlMs: 300_000 });
    const quiet = await org(db, "bench-quiet");
    const busy = await org(db, "bench-busy");
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      await createSubscription({ db, vault, target }, { userId: null }, { orgId: busy, url: receiver.url(`/ok/${i}`), eventTypes: ["credential.deleted"], createdBy: null });
    }
    await appendMany(db, quiet); // warm-up: prepared statements, caches
    const without = await appendMany(db, quiet);
    const withOutbox = await appendMany(db, busy);
    const deliveries = EVENTS * SUBSCRIPTIONS;
    const start = performance.now();
    let sent = 0;
    for (;;) {
      const s = await drainWebhooks({ db, vault, target }, 50);
      sent += s.sent;
      if (s.sent + s.retrying + s.failed === 0) break;
    }
    const seconds = (performance.now() - start) / 1000;
    if (sent !== deliveries) throw new Error(`sent ${sent} of ${deliveries}`);
    return { appendWithout: without, appendWith: withOutbox, ratio: withOutbox / without, deliveries, perSecond: deliveries / seconds };
  } finally {
    await receiver.close();
    await db.close();
  }
}

export const webhookLines = (w: Awaited<ReturnType<typeof measureWebhooks>>) => [
  `| webhooks: appending an event with ${SUBSCRIPTIONS} matching subscriptions (outbox rows in the same statement) / with none (PGlite) | ${w.ratio.toFixed(2)} (${w.appendWith.toFixed(2)} ms / ${w.appendWithout.toFixed(2)} ms) | none set (measured) |`,
  `| webhooks: signed deliveries per second, one worker, loopback HTTPS receiver (PGlite) | ${Math.round(w.perSecond)} (${w.deliveries} deliveries) | none set (measured) |`,
];
