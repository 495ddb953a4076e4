import { createWebhookSubscriptionAction } from "@/actions/webhooks/create-webhook-subscription";
import { deleteWebhookSubscriptionAction } from "@/actions/webhooks/delete-webhook-subscription";
import { replayWebhookDeliveryAction } from "@/actions/webhooks/replay-webhook-delivery";
import { replayWebhooksSinceAction } from "@/actions/webhooks/replay-webhooks-since";
import { rotateWebhookSecretAction } from "@/actions/webhooks/rotate-webhook-secret";
import { sendWebhookTestAction } from "@/actions/webhooks/send-webhook-test";
import { setWebhookEnabledAction } from "@/actions/webhooks/set-webhook-enabled";
import { asUser } from "@/lib/db/rls";
import { outgoingPageData } from "@/lib/webhooks/page-data";
import { drainWebhooks } from "@/lib/webhooks/worker";
import { dbKinds } from "../../helpers/db";
import { makeOrg } from "../../helpers/fixtures";
import { webhooksWorld } from "../../helpers/webhooks";

// The actions run with this test's signed-in user, database and vault, and reach the loopback
// receiver through the test target (the SSRF guard itself is drain-and-guard.test.ts's subject).
const mockCurrent = { w: undefined as undefined | Awaited<ReturnType<typeof webhooksWorld>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.w!.db }));
jest.mock("@/lib/vault", () => ({ getVault: async () => mockCurrent.w!.vault }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
jest.mock("@/lib/webhooks/timer", () => ({ subscriptionTarget: () => jest.requireActual("../../helpers/requests").loopbackHookTarget }));
// Sending right after the answer is not what these tests look at: they drain themselves.
jest.mock("@/lib/webhooks/kick", () => ({ kickWebhooks: () => {} }));

describe.each(dbKinds)("outgoing webhook actions on %s", (kind) => {
  let w: Awaited<ReturnType<typeof webhooksWorld>>;
  const slug = () => w.org.slug;
  const create = (fields: Record<string, string>) => createWebhookSubscriptionAction(null, { orgSlug: slug(), ...fields });

  beforeAll(async () => { w = mockCurrent.w = await webhooksWorld(kind, "wh-act"); });
  beforeEach(async () => {
    mockCurrent.user.id = w.org.users.admin;
    await w.db.query(`delete from webhook_subscriptions`);
    w.receiver.received.length = 0;
  });
  afterAll(() => w.close());

  it("adds a subscription for the ticked types; the secret is returned once, stored sealed, audited by fingerprint", async () => {
    const res = await create({ url: w.receiver.url("/ok"), "event.credential.saved": "on", "event.request.resolved": "on" });
    expect(res).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
    const secret = (res as { data: { secret: string } }).data.secret;
    const { rows } = await w.db.query<Record<string, unknown>>(`select * from webhook_subscriptions`);
    expect(rows).toMatchObject([{ event_types: ["credential.saved", "request.resolved"], secret_fingerprint: `…${secret.slice(-4)}` }]);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(6, 30));
    const audit = await w.db.query(`select metadata from audit_events where action = 'webhook.create'`);
    expect(JSON.stringify(audit.rows)).not.toContain(secret.slice(6, 30));
  });

  it("refuses members, a bad URL and no event types, changing nothing", async () => {
    mockCurrent.user.id = w.org.users.member;
    expect(await create({ url: w.receiver.url("/ok"), "event.credential.saved": "on" })).toMatchObject({ ok: false, status: 403 });
    mockCurrent.user.id = w.org.users.admin;
    expect(await create({ url: "http://example.com/hook", "event.credential.saved": "on" })).toMatchObject({ ok: false, status: 400, fieldErrors: { url: [expect.stringMatching(/https/)] } });
    expect(await create({ url: w.receiver.url("/ok") })).toMatchObject({ ok: false, status: 400, fieldErrors: { eventTypes: ["Choose at least one event type."] } });
    expect(await create({ url: w.receiver.url("/ok"), "event.not.a_type": "on" })).toMatchObject({ ok: false, status: 400 });
    expect((await w.db.query(`select 1 from webhook_subscriptions`)).rows).toEqual([]);
  });

  it("sends a test event, lists its attempt, replays it, rotates, disables, enables and deletes", async () => {
    const res = await create({ url: w.receiver.url("/ok"), "event.credential.deleted": "on" });
    const [{ id }] = (await w.db.query<{ id: string }>(`select id from webhook_subscriptions`)).rows;
    const ref = { orgSlug: slug(), subscriptionId: id };
    expect(await sendWebhookTestAction(null, ref)).toMatchObject({ ok: true });
    await drainWebhooks(w.worker);
    const page = await asUser(w.db, w.org.users.admin, (tx) => outgoingPageData(tx, w.org.orgId));
    expect(page).toMatchObject([{ id, eventTypes: ["credential.deleted"], attempts: [{ eventType: "webhook.test", status: 200, excerpt: "thanks, got it" }] }]);
    expect(JSON.stringify(page)).not.toContain((res as { data: { secret: string } }).data.secret.slice(6, 30));

    const deliveryId = page[0].attempts[0].deliveryId;
    expect(await replayWebhookDeliveryAction(null, { ...ref, deliveryId })).toMatchObject({ ok: true });
    expect(await replayWebhooksSinceAction(null, { ...ref, window: "1h" })).toMatchObject({ ok: true, data: { count: 1 } });
    await drainWebhooks(w.worker);
    expect(w.receiver.received.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId]);

    expect(await rotateWebhookSecretAction(null, ref)).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    expect(await setWebhookEnabledAction(null, { ...ref, enabled: "false" })).toMatchObject({ ok: true });
    expect((await w.subscription(id)).disabledReason).toBe("Disabled by an admin.");
    expect(await setWebhookEnabledAction(null, { ...ref, enabled: "true" })).toMatchObject({ ok: true });
    expect((await w.subscription(id)).disabledAt).toBeNull();
    expect(await deleteWebhookSubscriptionAction(null, ref)).toMatchObject({ ok: true });
    expect(await deleteWebhookSubscriptionAction(null, ref)).toMatchObject({ ok: false, status: 404 });
  });

  it("answers 404 for another org's subscription, from its own admin", async () => {
    await create({ url: w.receiver.url("/ok"), "event.credential.deleted": "on" });
    const [{ id }] = (await w.db.query<{ id: string }>(`select id from webhook_subscriptions`)).rows;
    const other = await makeOrg(w.db, `wh-act-other-${kind}`);
    mockCurrent.user.id = other.users.owner;
    const ref = { orgSlug: other.slug, subscriptionId: id };
    for (const res of [await rotateWebhookSecretAction(null, ref), await sendWebhookTestAction(null, ref), await deleteWebhookSubscriptionAction(null, ref),
      await setWebhookEnabledAction(null, { ...ref, enabled: "false" }), await replayWebhooksSinceAction(null, { ...ref, window: "7d" })]) {
      expect(res).toMatchObject({ ok: false, status: 404 });
    }
    expect((await w.subscription(id)).disabledAt).toBeNull();
  });
});
