import { appendEvent } from "@/lib/events/append";
import { replay } from "@/lib/webhooks/deliveries";
import { EXCERPT_BYTES, SECRET_MASK } from "@/lib/webhooks/send";
import { drainFor } from "@/lib/webhooks/timer";
import { drainWebhooks } from "@/lib/webhooks/worker";
import { dbKinds } from "../../helpers/db";
import { actor, webhooksWorld } from "../../helpers/webhooks";

describe.each(dbKinds)("outgoing webhooks: the answer excerpt and the lease (%s)", (kind) => {
  let w: Awaited<ReturnType<typeof webhooksWorld>>;
  beforeAll(async () => { w = await webhooksWorld(kind, "whl"); });
  afterAll(async () => { await w.close(); });
  afterEach(async () => { await w.db.query(`delete from webhook_subscriptions`); });

  it("a receiver that quotes the signing secret in its answer has it masked in the attempts list, in every form and across the cut", async () => {
    const sub = await w.subscribe("/says");
    const bare = sub.secret.replace(/^whsec_/, "");
    w.receiver.say(`signature mismatch; expected ${sub.secret}, key ${bare}, json "${bare.replaceAll("/", "\\/")}", query ?s=${encodeURIComponent(sub.secret)}`);
    await w.deleted();
    await drainWebhooks(w.worker);
    // Straddling the 512-byte cut: masked before cutting, so no prefix of it is left either.
    w.receiver.say(`${"x".repeat(EXCERPT_BYTES - 12)}${sub.secret} and more`);
    await w.makeDue();
    await drainWebhooks(w.worker);
    const [quoted, cut] = await w.attempts(sub.id);
    expect(quoted).toMatchObject({ status: 400, excerpt: `signature mismatch; expected ${SECRET_MASK}, key ${SECRET_MASK}, json "${SECRET_MASK}", query ?s=${SECRET_MASK}` });
    expect(cut.excerpt).toBe(`${"x".repeat(EXCERPT_BYTES - 12)}${SECRET_MASK}`.slice(0, EXCERPT_BYTES));
    const stored = JSON.stringify(await w.db.query(`select * from webhook_attempts`).then((r) => r.rows));
    expect(stored).not.toContain(bare.slice(0, 12));
    expect(stored).not.toContain(sub.secret.slice(0, 12));
  });

  it("a delivery replayed while its attempt is in flight is sent again: the late answer does not mark the replay delivered", async () => {
    const sub = await w.subscribe("/ok");
    await w.deleted();
    const { rows: [delivery] } = await w.db.query<{ id: string }>(`select id from webhook_deliveries where subscription_id = $1`, [sub.id]);
    const before = w.receiver.received.length;
    w.receiver.hold(1);
    const inFlight = drainWebhooks(w.worker);
    await w.receiver.waitFor(before + 1);
    expect(await replay(w.db, actor, w.org.orgId, sub.id, { deliveryId: delivery.id })).toBe(1);
    w.receiver.release();
    expect(await inFlight).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const sent = w.receiver.received.slice(before);
    expect(sent.map((r) => r.headers["webhook-id"])).toEqual([delivery.id, delivery.id]);
    const { rows: [done] } = await w.db.query<{ delivered: boolean }>(`select delivered_at is not null as delivered from webhook_deliveries where id = $1`, [delivery.id]);
    expect(done.delivered).toBe(true);
  });

  it("takes over a dead instance's lapsed delivery while another receiver still holds an attempt: one slow receiver does not hold up the drain", async () => {
    const slow = await w.subscribe("/ok/slow");
    await w.deleted("first");
    const fast = await w.subscribe("/ok/fast", ["credential.saved"]);
    await w.db.transaction((tx) => appendEvent(tx, {
      orgId: w.org.orgId, type: "credential.saved", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: "orphan", status: "VALID", via: "key" },
    }));
    // Claimed by an instance that then died: leased, its claim counted, no attempt recorded.
    const { rows: [orphan] } = await w.db.query<{ id: string }>(
      `update webhook_deliveries set attempts = 1, next_attempt_at = now() + interval '1 hour' where subscription_id = $1 returning id`, [fast.id]);
    const before = w.receiver.received.length;
    w.receiver.hold(1);
    // A send timeout longer than the test waits: only release() ends the held attempt.
    const drain = drainFor(Number.POSITIVE_INFINITY, { ...w.worker, timeoutMs: 60_000 });
    let drained: unknown;
    try {
      await w.receiver.waitFor(before + 1);
      const held = w.receiver.received[before].headers["webhook-id"];
      // The dead instance's lease lapses while the drain waits on the slow receiver.
      await w.db.query(`update webhook_deliveries set next_attempt_at = now() where id = $1`, [orphan.id]);
      await w.receiver.waitFor(before + 2);
      expect(w.receiver.received[before + 1].headers["webhook-id"]).toBe(orphan.id);
      const { rows: [stillHeld] } = await w.db.query<{ n: number }>(`select count(*)::int as n from webhook_attempts where delivery_id = $1`, [held]);
      expect(stillHeld.n).toBe(0);
    } finally {
      w.receiver.release();
      drained = await drain.catch((err: unknown) => err);
    }
    expect(drained).toEqual({ sent: 2, retrying: 0, failed: 0 });
    const { rows } = await w.db.query<{ subscription: string; delivered: boolean }>(
      `select subscription_id as subscription, delivered_at is not null as delivered from webhook_deliveries
        where subscription_id = any($1::uuid[]) order by subscription_id = $2`, [[slow.id, fast.id], fast.id]);
    expect(rows).toEqual([{ subscription: slow.id, delivered: true }, { subscription: fast.id, delivered: true }]);
  });
});
