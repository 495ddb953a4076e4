import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseEnv, type Env } from "@/lib/env-schema";
import type { Db } from "@/lib/db/types";
import { startStripeFake, type StripeFake } from "../fakes/stripe-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// The app's environment points the real SDK at the loopback fake; everything below it is real.
const mockCurrent = { env: parseEnv({}) as Env, db: undefined as Db | undefined };
jest.mock("@/lib/env", () => ({ get env() { return mockCurrent.env; } }));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db! }));

import { POST } from "@/app/api/stripe/webhook/route";
import { ensureCustomer } from "@/lib/billing/customer";
import { syncCheckoutReturn } from "@/lib/billing/checkout-return";
import { effectivePlan, readBillingState } from "@/lib/billing/state";
import { getBilling } from "@/lib/billing/stripe";

/** The real route handler behind a loopback server, so the fake delivers webhooks over HTTP. */
async function serveRoute(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const answer = await POST(new Request(`http://app.test${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`, server };
}

// One fake and one route for the file: the SDK is configured once per process, like the app's.
let stripe: StripeFake;
let route: { url: string; server: Server };
beforeAll(async () => {
  stripe = await startStripeFake();
  mockCurrent.env = parseEnv({ ...stripe.env(), APP_URL: "https://switchboard.example.test" });
  route = await serveRoute();
  stripe.webhookUrl = route.url;
});
afterAll(async () => {
  await new Promise((r) => route.server.close(r));
  await stripe.close();
});

describe.each(dbKinds)("Stripe billing on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let customer: string;
  const billing = () => getBilling()!;
  const state = async () => readBillingState(db, org.orgId);
  const audits = async () => (await db.query<{ outcome: string; metadata: Record<string, unknown> }>(
    `select outcome, metadata from audit_events where org_id = $1 and action = 'billing.plan_change' order by id`, [org.orgId])).rows;
  const events = async () => (await db.query<{ data: Record<string, unknown> }>(
    `select data from events where org_id = $1 and type = 'billing.plan_changed' order by id`, [org.orgId])).rows;
  /** Posts raw bytes with a header, as Stripe would, straight at the route. */
  const deliverRaw = async (raw: string, signature: string | null) => {
    const res = await fetch(route.url, { method: "POST", headers: signature ? { "stripe-signature": signature } : {}, body: raw });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    db = mockCurrent.db = await freshDb(kind);
    for (const m of [stripe.customers, stripe.sessions, stripe.subscriptions]) m.clear();
    stripe.deliveries.length = 0;
    org = await makeOrg(db, `bill-${kind}`);
    customer = await ensureCustomer(db, billing().stripe, { id: org.orgId, name: "Bill", slug: org.slug });
  });
  afterAll(() => db.close());

  it("creates the org's customer once, with the org id in its metadata, and remembers it", async () => {
    expect(await ensureCustomer(db, billing().stripe, { id: org.orgId, name: "Bill", slug: org.slug })).toBe(customer);
    expect(stripe.customers.size).toBe(1);
    expect(stripe.customers.get(customer)!.metadata).toMatchObject({ org_id: org.orgId });
    expect((await state()).customerId).toBe(customer);
  });

  it("refuses a bad signature, a missing one and a stale timestamp with 400 and changes nothing", async () => {
    stripe.putSubscription({ id: "sub_sig", customer, status: "active" });
    const raw = JSON.stringify(stripe.event("customer.subscription.created", { customer }));
    expect((await deliverRaw(raw, stripe.sign(raw, { secret: "whsec_not_the_secret" }))).status).toBe(400);
    expect((await deliverRaw(raw, null)).status).toBe(400);
    expect((await deliverRaw(raw, stripe.sign(raw, { timestamp: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(400);
    // The signature covers the exact bytes: the same JSON re-serialised with other spacing fails.
    expect((await deliverRaw(JSON.stringify(JSON.parse(raw), null, 2), stripe.sign(raw))).status).toBe(400);
    expect((await state()).plan).toBe("free");
    expect((await db.query(`select 1 from stripe_events`)).rows).toHaveLength(0);
    stripe.subscriptions.delete("sub_sig");
  });

  it("upgrades through Checkout: the fake's Pay button sends the signed webhooks and lands on the success URL", async () => {
    const session = await billing().stripe.checkout.sessions.create({
      mode: "subscription", customer, line_items: [{ price: "price_team_fake", quantity: 1 }], metadata: { org_id: org.orgId },
      success_url: `https://switchboard.example.test/${org.slug}/settings/billing?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `https://switchboard.example.test/${org.slug}/settings/billing`,
    });
    const paid = await fetch(`${stripe.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
    expect(paid.headers.get("location")).toBe(`https://switchboard.example.test/${org.slug}/settings/billing?session_id=${session.id}`);
    expect(stripe.deliveries.map((d) => [d.type, d.status])).toEqual([
      ["checkout.session.completed", 200], ["customer.subscription.created", 200], ["invoice.paid", 200],
    ]);
    const now = await state();
    expect(now).toMatchObject({ plan: "team", status: "active", cancelAtPeriodEnd: false, graceEndsAt: null });
    // The period comes from the subscription's item.
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    expect(now.currentPeriodEnd!.getTime()).toBe(sub.periodEnd * 1000);
    expect(now.currentPeriodStart!.getTime()).toBe(sub.periodStart * 1000);
    expect(effectivePlan(now).plan.id).toBe("team");
    // One change, so one audit event and one stream event, however many webhooks said so.
    expect(await audits()).toEqual([expect.objectContaining({ outcome: "team", metadata: expect.objectContaining({ from_plan: "free", to_plan: "team" }) })]);
    expect(await events()).toEqual([{ data: { plan: "team", status: "active" } }]);
  });

  it("acknowledges a duplicate event id without a second sync", async () => {
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    const event = stripe.event("customer.subscription.updated", stripe.subscriptionObject(sub));
    const raw = JSON.stringify(event);
    expect(await deliverRaw(raw, stripe.sign(raw))).toMatchObject({ status: 200, body: { message: "Synced." } });
    const listed = stripe.requests.filter((r) => r.path === "/v1/subscriptions").length;
    expect(await deliverRaw(raw, stripe.sign(raw))).toMatchObject({ status: 200, body: { message: "Already processed." } });
    expect(stripe.requests.filter((r) => r.path === "/v1/subscriptions").length).toBe(listed);
    expect((await db.query(`select 1 from stripe_events where id = $1`, [event.id])).rows).toHaveLength(1);
  });

  it("a sync that cannot reach Stripe answers 500 and leaves the event unrecorded, so Stripe's retry syncs it", async () => {
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    stripe.putSubscription({ id: sub.id, customer, cancelAtPeriodEnd: true });
    const raw = JSON.stringify(stripe.event("customer.subscription.updated", stripe.subscriptionObject(stripe.subscriptions.get(sub.id)!)));
    stripe.failSubscriptions = true;
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect((await deliverRaw(raw, stripe.sign(raw))).status).toBe(500);
    } finally {
      stripe.failSubscriptions = false;
      errors.mockRestore();
    }
    expect((await state()).cancelAtPeriodEnd).toBe(false);
    expect(await deliverRaw(raw, stripe.sign(raw))).toMatchObject({ status: 200, body: { message: "Synced." } });
    expect((await state()).cancelAtPeriodEnd).toBe(true);
    stripe.putSubscription({ id: sub.id, customer, cancelAtPeriodEnd: false });
    await stripe.send(stripe.event("customer.subscription.updated", { customer }));
  });

  it("a failed payment starts the 7-day grace period; paying again ends it", async () => {
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    stripe.putSubscription({ id: sub.id, customer, status: "past_due" });
    expect(await stripe.send(stripe.event("invoice.payment_failed", { object: "invoice", customer }))).toBe(200);
    const failing = await state();
    expect(failing.status).toBe("past_due");
    const days = (failing.graceEndsAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(effectivePlan(failing)).toMatchObject({ plan: { id: "team" }, standing: "grace" });
    // A second failure does not move the deadline.
    await stripe.send(stripe.event("invoice.payment_failed", { object: "invoice", customer }));
    expect((await state()).graceEndsAt).toEqual(failing.graceEndsAt);
    // Once the deadline passes (set back here rather than waited for), Free's limits apply.
    await db.query(`update org_billing set grace_ends_at = now() - interval '1 minute' where org_id = $1`, [org.orgId]);
    expect(effectivePlan(await state())).toMatchObject({ plan: { id: "free" }, standing: "grace_over" });
    stripe.putSubscription({ id: sub.id, customer, status: "active" });
    await stripe.send(stripe.event("invoice.paid", { object: "invoice", customer }));
    expect(await state()).toMatchObject({ plan: "team", status: "active", graceEndsAt: null });
  });

  it("ends in Stripe's current state whatever order the events arrive in", async () => {
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer)!;
    const activeObject = stripe.subscriptionObject(sub);
    // Moved to Business, then canceled at period end, then deleted: the events arrive newest first.
    stripe.putSubscription({ id: sub.id, customer, price: "price_business_fake" });
    const upgraded = stripe.event("customer.subscription.updated", stripe.subscriptionObject(stripe.subscriptions.get(sub.id)!));
    stripe.putSubscription({ id: sub.id, customer, status: "canceled" });
    const deleted = stripe.event("customer.subscription.deleted", stripe.subscriptionObject(stripe.subscriptions.get(sub.id)!));
    const created = stripe.event("customer.subscription.created", activeObject);
    for (const e of [deleted, upgraded, created]) expect(await stripe.send(e)).toBe(200);
    expect(await state()).toMatchObject({ plan: "business", status: "canceled" });
    expect(effectivePlan(await state())).toMatchObject({ plan: { id: "free" }, standing: "inactive" });
  });

  it("the success page runs the same sync, for this org's own session only", async () => {
    stripe.webhookUrl = null; // The person is back before any webhook.
    try {
      const session = await billing().stripe.checkout.sessions.create({
        mode: "subscription", customer, line_items: [{ price: "price_business_fake", quantity: 1 }], metadata: { org_id: org.orgId },
        success_url: "https://switchboard.example.test/x?session_id={CHECKOUT_SESSION_ID}", cancel_url: "https://switchboard.example.test/x",
      });
      const other = await makeOrg(db, `bill-other-${kind}`);
      const otherCustomer = await ensureCustomer(db, billing().stripe, { id: other.orgId, name: "Other", slug: other.slug });
      await fetch(`${stripe.url}/checkout/${session.id}/pay`, { method: "POST", redirect: "manual" });
      // Another org's page given this org's session id syncs nothing.
      expect(await syncCheckoutReturn(db, billing(), other.orgId, session.id, { userId: other.users.owner })).toBeNull();
      expect((await readBillingState(db, other.orgId)).customerId).toBe(otherCustomer);
      expect(await syncCheckoutReturn(db, billing(), org.orgId, "cs_not_a_session", { userId: org.users.owner })).toBeNull();
      expect(await syncCheckoutReturn(db, billing(), org.orgId, session.id, { userId: org.users.owner })).toMatchObject({ plan: "business", status: "active" });
      expect(effectivePlan(await state()).plan.id).toBe("business");
    } finally {
      stripe.webhookUrl = route.url;
    }
  });

  it("every handled event type syncs; other types are acknowledged and ignored", async () => {
    const sub = [...stripe.subscriptions.values()].find((s) => s.customer === customer && s.status === "active")!;
    for (const type of ["checkout.session.completed", "customer.subscription.created", "customer.subscription.updated",
      "customer.subscription.deleted", "invoice.paid", "invoice.payment_failed"]) {
      stripe.putSubscription({ id: sub.id, customer, status: type === "invoice.payment_failed" ? "past_due" : "active", cancelAtPeriodEnd: type === "customer.subscription.updated" });
      await db.query(`update org_billing set status = 'incomplete' where org_id = $1`, [org.orgId]);
      const raw = JSON.stringify(stripe.event(type, { object: "x", customer }));
      expect(await deliverRaw(raw, stripe.sign(raw))).toMatchObject({ status: 200, body: { message: "Synced." } });
      expect((await state()).status).toBe(type === "invoice.payment_failed" ? "past_due" : "active");
    }
    const raw = JSON.stringify(stripe.event("customer.created", { object: "customer", customer }));
    expect(await deliverRaw(raw, stripe.sign(raw))).toMatchObject({ status: 200, body: { message: "Ignored: customer.created does not change a subscription." } });
  });
});
