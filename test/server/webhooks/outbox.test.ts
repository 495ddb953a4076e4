import { Webhook } from "standardwebhooks";
import { appendEvent } from "@/lib/events/append";
import { RETRY_SCHEDULE_SECONDS } from "@/lib/webhooks/schedule";
import { rotateSecret, setEnabled } from "@/lib/webhooks/subscriptions";
import { replay, sendTestEvent } from "@/lib/webhooks/deliveries";
import { pruneWebhooks } from "@/lib/webhooks/retention";
import { drainWebhooks } from "@/lib/webhooks/worker";
import { dbKinds } from "../../helpers/db";
import { actor, webhooksWorld } from "../../helpers/webhooks";
import { loopbackHookTarget } from "../../helpers/requests";

describe.each(dbKinds)("outgoing webhooks (%s)", (kind) => {
  let w: Awaited<ReturnType<typeof webhooksWorld>>;
  // One database for the file (migrating one takes a while); each test starts from no subscriptions.
  beforeAll(async () => { w = await webhooksWorld(kind, "wh"); });
  afterAll(async () => { await w.close(); });
  beforeEach(async () => {
    await w.db.query(`delete from webhook_subscriptions`);
    await w.db.query(`delete from notifications`);
    w.receiver.received.length = 0;
  });

  const deliveries = () => w.db.query<{ subscriptionId: string; eventType: string; payload: { type: string; timestamp: string; data: Record<string, unknown> } }>(
    `select subscription_id as "subscriptionId", event_type as "eventType", payload from webhook_deliveries order by created_at`).then((r) => r.rows);

  it("writes the outbox in the event's transaction, for enabled subscriptions of that type only", async () => {
    const wanted = await w.subscribe("/ok", ["credential.deleted"]);
    await w.subscribe("/ok", ["credential.saved"]);
    const off = await w.subscribe("/ok", ["credential.deleted"]);
    await setEnabled(w.db, actor, w.org.orgId, off.id, false);

    // A change that rolls back leaves no delivery behind.
    await expect(w.db.transaction(async (tx) => {
      await appendEvent(tx, { orgId: w.org.orgId, type: "credential.deleted", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: "x" } });
      throw new Error("the change failed");
    })).rejects.toThrow("the change failed");
    expect(await deliveries()).toEqual([]);

    await w.deleted("production");
    const rows = await deliveries();
    expect(rows).toHaveLength(1);
    expect(rows[0].subscriptionId).toBe(wanted.id);
    expect(rows[0].payload).toEqual({
      type: "credential.deleted",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: "production" },
    });
  });

  it("maps org events to webhook types: an OAuth save is oauth.connected, only a move to Invalid is credential.invalid", async () => {
    await w.subscribe("/ok", ["credential.saved", "oauth.connected", "credential.invalid"]);
    const integrationId = "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11";
    await w.db.transaction(async (tx) => {
      await appendEvent(tx, { orgId: w.org.orgId, type: "credential.saved", data: { integrationId, provider: "github", name: "oauth", status: "VALID", via: "oauth" } });
      await appendEvent(tx, { orgId: w.org.orgId, type: "integration.status_changed", data: { integrationId, provider: "openai", name: "p", status: "VALID", previous: "PENDING" } });
      await appendEvent(tx, { orgId: w.org.orgId, type: "integration.status_changed", data: { integrationId, provider: "openai", name: "p", status: "INVALID", previous: "VALID" } });
    });
    expect((await deliveries()).map((d) => d.eventType).sort()).toEqual(["credential.invalid", "oauth.connected"]);
  });

  it("carries deployment state changes as they are", async () => {
    await w.subscribe("/ok", ["deployment.state_changed"]);
    const data = { deploymentId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", kind: "vercel" as const, state: "ready" as const, previous: "building" as const, name: "web" };
    await w.db.transaction((tx) => appendEvent(tx, { orgId: w.org.orgId, type: "deployment.state_changed", data }));
    expect((await deliveries()).map((d) => d.payload)).toEqual([{ type: "deployment.state_changed", timestamp: expect.any(String), data }]);
  });

  it("forwards inbound deliveries that verified, never refused ones", async () => {
    await w.subscribe("/ok", ["webhook.inbound_received"]);
    const uuid = "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11";
    const data = { endpointId: uuid, integrationId: uuid, provider: "stripe", deliveryId: uuid, eventType: "invoice.paid", verified: true };
    await w.db.transaction(async (tx) => {
      await appendEvent(tx, { orgId: w.org.orgId, type: "webhook.inbound_received", data });
      await appendEvent(tx, { orgId: w.org.orgId, type: "webhook.inbound_received", data: { ...data, verified: false } });
    });
    expect((await deliveries()).map((d) => d.payload.data)).toEqual([data]);
  });

  it("delivers with Standard Webhooks headers the package verifies, and records the attempt", async () => {
    const sub = await w.subscribe("/ok");
    await w.deleted();
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [got] = w.receiver.received;
    const payload = new Webhook(sub.secret).verify(got.body, got.headers) as { type: string };
    expect(payload.type).toBe("credential.deleted");
    expect(got.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(got.body).not.toContain(sub.secret);
    const [a] = await w.attempts(sub.id);
    expect(a).toMatchObject({ status: 200, excerpt: "thanks, got it", error: null, delay: null });
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it("retries a 500 on the schedule (5 s, 5 min, ... with jitter) and gives up after the eighth attempt", async () => {
    const sub = await w.subscribe("/fail");
    await w.deleted();
    for (let i = 0; i < RETRY_SCHEDULE_SECONDS.length; i++) {
      await drainWebhooks(w.worker);
      await w.makeDue();
    }
    const rows = await w.attempts(sub.id);
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill(500));
    // random pinned to 0: each delay is the schedule's lower jitter bound, 90 %.
    expect(rows.map((r) => r.delay)).toEqual([...RETRY_SCHEDULE_SECONDS.slice(1).map((s) => s * 0.9), null]);
    expect(rows[0].excerpt).toHaveLength(512);
    expect((await w.db.query(`select failed_at from webhook_deliveries`)).rows[0].failed_at).not.toBeNull();
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const high = { ...w.worker, random: () => 1 };
    await w.deleted();
    await drainWebhooks(high);
    expect((await w.attempts(sub.id)).at(-1)!.delay).toBeCloseTo(5.5, 6);
  });

  it("honours Retry-After on 429 (seconds) and 503 (an HTTP date)", async () => {
    const busy = await w.subscribe("/busy");
    const unavailable = await w.subscribe("/unavailable");
    await w.deleted();
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 2, failed: 0 });
    expect((await w.attempts(busy.id))[0]).toMatchObject({ status: 429, delay: 120 });
    const [u] = await w.attempts(unavailable.id);
    expect(u.status).toBe(503);
    expect(u.delay).toBeGreaterThan(60);
    expect(u.delay).toBeLessThanOrEqual(90);
  });

  it("records a receiver that hangs as a timeout and retries it", async () => {
    const sub = await w.subscribe("/hang");
    await w.deleted();
    expect(await drainWebhooks({ ...w.worker, timeoutMs: 300 })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const [a] = await w.attempts(sub.id);
    expect(a.status).toBeNull();
    expect(a.error).toMatch(/TimeoutError|AbortError/);
    expect(a.delay).toBeCloseTo(4.5, 6);
  });

  it("disables on 410 Gone and tells the admins; its deliveries wait until it is enabled again", async () => {
    const sub = await w.subscribe("/gone");
    await w.deleted();
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await w.subscription(sub.id)).toMatchObject({ disabledReason: expect.stringMatching(/410 Gone/) });
    const { rows: notes } = await w.db.query<{ kind: string; message: string }>(`select kind, message from notifications where org_id = $1`, [w.org.orgId]);
    expect(notes).toEqual([{ kind: "webhook_disabled", message: expect.stringContaining("rebind.example") }]);

    await w.deleted("second");
    expect((await deliveries())).toHaveLength(1); // a disabled subscription gets no new deliveries
    await setEnabled(w.db, actor, w.org.orgId, sub.id, true);
    await w.deleted("third");
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 0, failed: 1 });
  });

  it("disables a subscription that has failed for 5 days in a row; a success ends the run", async () => {
    const ok = await w.subscribe("/ok");
    const bad = await w.subscribe("/fail");
    await w.db.query(`update webhook_subscriptions set failing_since = now() - interval '4 days 23 hours'`);
    await w.deleted();
    await drainWebhooks(w.worker);
    expect((await w.subscription(ok.id)).failingSince).toBeNull();
    expect((await w.subscription(bad.id)).disabledAt).toBeNull();

    await w.db.query(`update webhook_subscriptions set failing_since = now() - interval '5 days' where id = $1`, [bad.id]);
    await w.makeDue();
    await drainWebhooks(w.worker);
    expect(await w.subscription(bad.id)).toMatchObject({ disabledReason: "Every delivery failed for 5 days in a row." });
    expect((await w.db.query(`select 1 from notifications where kind = 'webhook_disabled'`)).rows).toHaveLength(1);
  });

  it("signs with both secrets for 24 hours after a rotation, each verified by the package", async () => {
    const sub = await w.subscribe("/ok");
    const rotated = await rotateSecret({ db: w.db, vault: w.vault, target: loopbackHookTarget }, actor, w.org.orgId, sub.id);
    if (!rotated || rotated === "conflict") throw new Error("not rotated");
    expect(rotated.secret).not.toBe(sub.secret);
    await w.deleted();
    await drainWebhooks(w.worker);
    const [got] = w.receiver.received;
    expect(got.headers["webhook-signature"].split(" ")).toHaveLength(2);
    for (const secret of [sub.secret, rotated.secret]) {
      const only = got.headers["webhook-signature"].split(" ").filter((sig) => {
        try { new Webhook(secret).verify(got.body, { ...got.headers, "webhook-signature": sig }); return true; } catch { return false; }
      });
      expect(only).toHaveLength(1);
    }
    const { rows } = await w.db.query<{ hours: number }>(`select extract(epoch from previous_expires_at - now()) / 3600 as hours from webhook_subscriptions where id = $1`, [sub.id]);
    expect(Number(rows[0].hours)).toBeGreaterThan(23.9);

    // Once the overlap ends, the old secret no longer verifies.
    await w.db.query(`update webhook_subscriptions set previous_expires_at = now() - interval '1 second'`);
    await w.deleted("later");
    await drainWebhooks(w.worker);
    const later = w.receiver.received[1];
    expect(later.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(() => new Webhook(sub.secret).verify(later.body, later.headers)).toThrow();
    expect(new Webhook(rotated.secret).verify(later.body, later.headers)).toBeTruthy();
  });

  it("replays one delivery, or everything since a time, with the same webhook-id and body", async () => {
    const sub = await w.subscribe("/ok");
    await w.deleted("one");
    await w.deleted("two");
    await drainWebhooks(w.worker);
    expect(w.receiver.received).toHaveLength(2);
    const first = w.receiver.received.find((r) => r.body.includes('"one"'))!;
    expect(await replay(w.db, actor, w.org.orgId, sub.id, { deliveryId: first.headers["webhook-id"] })).toBe(1);
    await drainWebhooks(w.worker);
    expect(w.receiver.received[2].headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(w.receiver.received[2].body).toBe(first.body);

    expect(await replay(w.db, actor, w.org.orgId, sub.id, { since: new Date(Date.now() - 60_000) })).toBe(2);
    expect(await replay(w.db, actor, w.org.orgId, sub.id, { since: new Date(Date.now() + 60_000) })).toBe(0);
    await drainWebhooks(w.worker);
    expect(w.receiver.received).toHaveLength(5);
    expect((await w.attempts(sub.id))).toHaveLength(5);
    // Another org's id replays nothing.
    expect(await replay(w.db, actor, "00000000-0000-4000-8000-000000000000", sub.id, { deliveryId: first.headers["webhook-id"] })).toBeNull();
  });

  it("sends a test event to one subscription whatever its types", async () => {
    const sub = await w.subscribe("/ok", ["request.created"]);
    expect(await sendTestEvent(w.db, actor, w.org.orgId, sub.id)).toMatch(/^[0-9a-f-]{36}$/);
    await drainWebhooks(w.worker);
    const body = new Webhook(sub.secret).verify(w.receiver.received[0].body, w.receiver.received[0].headers) as { type: string; data: { subscriptionId: string } };
    expect(body).toMatchObject({ type: "webhook.test", data: { subscriptionId: sub.id } });
  });

  it("keeps finished deliveries 30 days, and waiting ones however old", async () => {
    await w.subscribe("/ok");
    await w.subscribe("/fail");
    await w.deleted();
    await drainWebhooks(w.worker);
    await w.db.query(`update webhook_deliveries set created_at = now() - interval '31 days'`);
    expect(await pruneWebhooks(w.db)).toBe(1);
    const { rows } = await w.db.query<{ delivered: boolean }>(`select delivered_at is not null as delivered from webhook_deliveries`);
    expect(rows).toEqual([{ delivered: false }]);
    expect((await w.db.query(`select 1 from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id`)).rows).toHaveLength(1);
  });

  it("does not write while nothing is due (the embedded read caches stay warm)", async () => {
    const before = w.db.writes?.();
    expect(await drainWebhooks(w.worker)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(w.db.writes?.()).toBe(before);
  });
});
