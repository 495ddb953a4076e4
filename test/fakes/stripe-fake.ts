import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * Loopback stand-in for the parts of Stripe's API Switchboard uses, reached through the real
 * `stripe` SDK with its own host/port/protocol settings: customers (with idempotency keys),
 * Checkout Sessions, Customer Portal sessions, subscriptions whose items carry the billing
 * period (as since API version 2025-03-31), webhook endpoints (the signing secret returned at
 * creation only, as Stripe does) and the balance that Switchboard's key check reads. It serves a minimal hosted Checkout page whose Pay
 * button creates the subscription, sends the signed webhooks Stripe would (signed with the SDK's
 * own generateTestHeaderString) and redirects to the success URL.
 */
export interface FakeSubscription {
  id: string;
  customer: string;
  status: string;
  price: string;
  created: number;
  periodStart: number;
  periodEnd: number;
  cancelAtPeriodEnd: boolean;
}

export interface StripeFake {
  url: string;
  secretKey: string;
  webhookSecret: string;
  /** Where signed webhooks go; unset, none are sent. */
  webhookUrl: string | null;
  customers: Map<string, { id: string; name: string; metadata: Record<string, string> }>;
  sessions: Map<string, Record<string, unknown>>;
  portalSessions: { customer: string; return_url: string }[];
  subscriptions: Map<string, FakeSubscription>;
  /** Every webhook sent, with the app's answer. */
  deliveries: { id: string; type: string; status: number }[];
  requests: { method: string; path: string }[];
  /** API keys accepted besides secretKey (an org's own Stripe key, for setup after save). */
  apiKeys: Set<string>;
  /** Webhook endpoints created through the API, with the secret each was given. */
  webhookEndpoints: Map<string, { id: string; url: string; enabled_events: string[]; secret: string; key: string }>;
  /** While true, listing subscriptions answers 500, as during a Stripe incident. */
  failSubscriptions: boolean;
  /** Environment for the app: STRIPE_* pointing at this fake. */
  env(prices?: { team: string; business: string }): Record<string, string>;
  /** Creates or changes a subscription as the Dashboard or portal would; returns it. */
  putSubscription(s: Partial<FakeSubscription> & { customer: string }): FakeSubscription;
  /** An event object about `object`, as Stripe builds it. */
  event(type: string, object: unknown): Record<string, unknown>;
  /** The Stripe-Signature header for `raw`, from the SDK's test helper. */
  sign(raw: string, opts?: { timestamp?: number; secret?: string }): string;
  /** Signs and POSTs an event to webhookUrl; returns the app's status. */
  send(event: Record<string, unknown>): Promise<number>;
  subscriptionObject(s: FakeSubscription): Record<string, unknown>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (a[b][0][c]=v) back into objects; arrays stay objects keyed "0", "1", .... */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node = out as Record<string, unknown>;
    path.forEach((seg, i) => {
      if (i === path.length - 1) node[seg] = value;
      else node = (node[seg] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

export async function startStripeFake(opts: { prices?: { team: string; business: string } } = {}): Promise<StripeFake> {
  const secretKey = `sk_test_fake_${randomBytes(8).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(16).toString("hex")}`;
  const prices = opts.prices ?? { team: "price_team_fake", business: "price_business_fake" };
  const sdk = new Stripe(secretKey);
  const idempotent = new Map<string, unknown>();
  const portalPages = new Map<string, { customer: string; return_url: string }>();

  const fake: StripeFake = {
    url: "", secretKey, webhookSecret, webhookUrl: null,
    customers: new Map(), sessions: new Map(), portalSessions: [], subscriptions: new Map(), deliveries: [], requests: [], failSubscriptions: false,
    apiKeys: new Set(), webhookEndpoints: new Map(),
    env: (p = prices) => ({
      STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PRICE_TEAM: p.team, STRIPE_PRICE_BUSINESS: p.business,
      STRIPE_API_BASE: fake.url,
    }),
    putSubscription(s) {
      const existing = s.id ? fake.subscriptions.get(s.id) : undefined;
      const start = nowSeconds();
      const next: FakeSubscription = {
        id: id("sub"), status: "active", price: prices.team, created: start, periodStart: start, periodEnd: start + 30 * 86_400,
        cancelAtPeriodEnd: false, ...existing, ...s,
      };
      fake.subscriptions.set(next.id, next);
      return next;
    },
    subscriptionObject: (s) => ({
      id: s.id, object: "subscription", customer: s.customer, status: s.status, created: s.created,
      cancel_at_period_end: s.cancelAtPeriodEnd, metadata: {}, livemode: false,
      items: {
        object: "list", has_more: false, url: `/v1/subscription_items?subscription=${s.id}`,
        data: [{
          id: `si_${s.id.slice(4)}`, object: "subscription_item", quantity: 1, subscription: s.id,
          price: { id: s.price, object: "price", recurring: { interval: "month" } },
          current_period_start: s.periodStart, current_period_end: s.periodEnd,
        }],
      },
    }),
    event: (type, object) => ({
      id: id("evt"), object: "event", api_version: Stripe.API_VERSION, created: nowSeconds(), type, livemode: false,
      pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object },
    }),
    sign: (raw, o = {}) => sdk.webhooks.generateTestHeaderString({ payload: raw, secret: o.secret ?? webhookSecret, timestamp: o.timestamp }),
    async send(event) {
      if (!fake.webhookUrl) return 0;
      const raw = JSON.stringify(event);
      const res = await fetch(fake.webhookUrl, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": fake.sign(raw) }, body: raw });
      await res.text();
      fake.deliveries.push({ id: String(event.id), type: String(event.type), status: res.status });
      return res.status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) =>
    json(res, 404, { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${what}` } });

  async function completeCheckout(sessionId: string, res: ServerResponse) {
    const session = fake.sessions.get(sessionId);
    if (!session || session.status !== "open") return notFound(res, "checkout session");
    const lineItems = session.line_items as Record<string, { price: string }>;
    const sub = fake.putSubscription({ customer: String(session.customer), price: lineItems["0"].price });
    Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
    // Stripe sends these in no guaranteed order; the app must not care.
    await fake.send(fake.event("checkout.session.completed", session));
    await fake.send(fake.event("customer.subscription.created", fake.subscriptionObject(sub)));
    await fake.send(fake.event("invoice.paid", { id: id("in"), object: "invoice", customer: sub.customer, status: "paid" }));
    res.writeHead(303, { location: String(session.success_url).replace("{CHECKOUT_SESSION_ID}", sessionId) });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", fake.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = parseForm(Buffer.concat(chunks).toString("utf8"));
    fake.requests.push({ method: req.method ?? "GET", path: url.pathname });

    // The hosted pages a browser opens (no API key there, as on checkout.stripe.com).
    const page = /^\/checkout\/(cs_[a-z0-9_]+)(\/pay)?$/.exec(url.pathname);
    if (page && req.method === "GET" && !page[2]) {
      const session = fake.sessions.get(page[1]);
      if (!session) return notFound(res, "checkout session");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><html lang="en"><head><title>Fake Stripe Checkout</title></head><body><main>
        <h1>Subscribe</h1><p>Price ${String((session.line_items as Record<string, { price: string }>)["0"].price)}</p>
        <form method="post" action="/checkout/${page[1]}/pay"><button type="submit">Pay and subscribe</button></form></main></body></html>`);
    }
    if (page && req.method === "POST" && page[2]) return completeCheckout(page[1], res);
    const portal = /^\/portal\/(bps_[a-z0-9]+)$/.exec(url.pathname);
    if (portal && req.method === "GET") {
      const session = portalPages.get(portal[1]);
      if (!session) return notFound(res, "portal session");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(`<!doctype html><html lang="en"><head><title>Fake Stripe Customer Portal</title></head><body><main>
        <h1>Customer portal</h1><p>Customer ${session.customer}</p><a href="${session.return_url}">Return to Switchboard</a></main></body></html>`);
    }

    const apiKey = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (apiKey !== secretKey && !fake.apiKeys.has(apiKey)) {
      return json(res, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    }
    const key = req.headers["idempotency-key"];
    // Stripe scopes idempotency keys to the account, here to the API key.
    const remembered = typeof key === "string" ? idempotent.get(`${apiKey}:${url.pathname}:${key}`) : undefined;
    if (req.method === "POST" && remembered) return json(res, 200, remembered);
    const reply = (status: number, value: unknown) => {
      if (req.method === "POST" && typeof key === "string" && status === 200) idempotent.set(`${apiKey}:${url.pathname}:${key}`, value);
      json(res, status, value);
    };

    let m: RegExpExecArray | null;
    if (req.method === "POST" && url.pathname === "/v1/customers") {
      const c = { id: id("cus"), name: String(body.name ?? ""), metadata: (body.metadata ?? {}) as Record<string, string> };
      fake.customers.set(c.id, c);
      return reply(200, { object: "customer", ...c });
    }
    if (req.method === "GET" && (m = /^\/v1\/customers\/([^/]+)$/.exec(url.pathname))) {
      const c = fake.customers.get(m[1]);
      return c ? reply(200, { object: "customer", ...c }) : notFound(res, "customer");
    }
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      if (!fake.customers.has(String(body.customer))) return notFound(res, "customer");
      const sid = id("cs_test").replace("cs_test_", "cs_test_");
      const session = {
        id: sid, object: "checkout.session", mode: body.mode, customer: body.customer, status: "open", payment_status: "unpaid",
        client_reference_id: body.client_reference_id ?? null, metadata: body.metadata ?? {}, line_items: body.line_items,
        success_url: body.success_url, cancel_url: body.cancel_url, subscription: null, url: `${fake.url}/checkout/${sid}`,
      };
      fake.sessions.set(sid, session);
      return reply(200, session);
    }
    if (req.method === "GET" && (m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname))) {
      const s = fake.sessions.get(m[1]);
      return s ? reply(200, s) : notFound(res, "checkout session");
    }
    if (req.method === "POST" && url.pathname === "/v1/billing_portal/sessions") {
      if (!fake.customers.has(String(body.customer))) return notFound(res, "customer");
      fake.portalSessions.push({ customer: String(body.customer), return_url: String(body.return_url) });
      const pid = id("bps");
      portalPages.set(pid, { customer: String(body.customer), return_url: String(body.return_url) });
      return reply(200, { id: pid, object: "billing_portal.session", customer: body.customer, return_url: body.return_url, url: `${fake.url}/portal/${pid}` });
    }
    if (req.method === "GET" && url.pathname === "/v1/subscriptions") {
      if (fake.failSubscriptions) return json(res, 500, { error: { type: "api_error", message: "An unknown error occurred" } });
      const customer = url.searchParams.get("customer");
      const status = url.searchParams.get("status") ?? "active";
      const data = [...fake.subscriptions.values()]
        .filter((s) => s.customer === customer && (status === "all" || s.status === status))
        .sort((a, b) => b.created - a.created).map(fake.subscriptionObject);
      return reply(200, { object: "list", data, has_more: false, url: "/v1/subscriptions" });
    }
    if (req.method === "GET" && url.pathname === "/v1/balance") {
      return reply(200, { object: "balance", livemode: false, available: [{ amount: 0, currency: "usd" }], pending: [] });
    }
    if (req.method === "POST" && url.pathname === "/v1/webhook_endpoints") {
      const events = Object.values((body.enabled_events ?? {}) as Record<string, string>);
      const target = String(body.url ?? "");
      if (!/^https?:\/\//.test(target) || events.length === 0) {
        return json(res, 400, { error: { type: "invalid_request_error", message: "Invalid URL or no enabled_events" } });
      }
      const endpoint = { id: id("we"), url: target, enabled_events: events, secret: `whsec_${randomBytes(24).toString("hex")}`, key: apiKey };
      fake.webhookEndpoints.set(endpoint.id, endpoint);
      return reply(200, { object: "webhook_endpoint", id: endpoint.id, url: target, enabled_events: events, status: "enabled", livemode: false, secret: endpoint.secret });
    }
    if (req.method === "GET" && url.pathname === "/v1/webhook_endpoints") {
      // Listed without their secrets: Stripe returns a secret only when the endpoint is created.
      const data = [...fake.webhookEndpoints.values()].filter((e) => e.key === apiKey)
        .map((e) => ({ object: "webhook_endpoint", id: e.id, url: e.url, enabled_events: e.enabled_events, status: "enabled", livemode: false }));
      return reply(200, { object: "list", data, has_more: false, url: "/v1/webhook_endpoints" });
    }
    return notFound(res, `route ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: { type: "api_error", message: "fake failed" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
