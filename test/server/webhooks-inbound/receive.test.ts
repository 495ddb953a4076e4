import { createHmac } from "node:crypto";
import { sign as githubSign } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { createInboundEndpoint } from "@/lib/webhooks/inbound/service";
import { REFUSALS_KEPT } from "@/lib/webhooks/inbound/receive";
import type { EndpointRow } from "@/lib/webhooks/inbound/endpoints";
import { startStripeFake, type StripeFake } from "../../fakes/stripe-fake";
import { dbKinds } from "../../helpers/db";
import { inboundEnv } from "../../helpers/inbound";

const now = () => Math.floor(Date.now() / 1000);
const MB = 1024 * 1024;

describe.each(dbKinds)("inbound webhook endpoints on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  let stripe: StripeFake;
  const endpoints: Record<string, { endpoint: EndpointRow; secret: string }> = {};

  const create = async (key: string, integrationId: string, scheme: "stripe" | "github" | "hmac_sha256" | "standard_webhooks", hmac: { signatureHeader: string; encoding: "hex" | "base64"; idHeader: string | null } | null = null) => {
    const res = await createInboundEndpoint(env.db, env.vault, env.actor, { orgId: env.org.orgId, integrationId, scheme, name: key, hmac });
    if (res.kind !== "created") throw new Error(res.error);
    endpoints[key] = { endpoint: res.endpoint, secret: res.secret ?? stripe.webhookSecret };
    return endpoints[key];
  };

  beforeAll(async () => {
    stripe = await startStripeFake();
    env = await inboundEnv(kind, `inbound-${kind}`, { stripeWebhookSecret: stripe.webhookSecret });
    await create("stripe", env.credentials.stripe, "stripe");
    await create("github", env.credentials.github, "github");
    await create("standard", env.credentials.openai, "standard_webhooks");
    await create("hex", env.credentials.openai, "hmac_sha256", { signatureHeader: "x-signature", encoding: "hex", idHeader: "x-delivery-id" });
    await create("base64", env.credentials.openai, "hmac_sha256", { signatureHeader: "x-acme-signature", encoding: "base64", idHeader: null });
  });
  afterAll(async () => {
    await stripe.close();
    await env.close();
  });

  // One sender per scheme, each signing with the library its provider publishes (or node:crypto for plain HMAC).
  type Signed = { body: string; headers: Record<string, string>; id: string };
  const senders: Record<string, (opts?: { secret?: string; age?: number; id?: string; body?: string }) => Promise<Signed>> = {
    stripe: async (o = {}) => {
      const event = stripe.event("invoice.paid", { id: "in_1", object: "invoice" });
      if (o.id) event.id = o.id;
      const body = o.body ?? JSON.stringify(event);
      return { body, id: String(event.id), headers: { "stripe-signature": stripe.sign(body, { secret: o.secret, timestamp: now() - (o.age ?? 0) }) } };
    },
    github: async (o = {}) => {
      const id = o.id ?? crypto.randomUUID();
      const body = o.body ?? JSON.stringify({ action: "opened", number: 7 });
      const headers = { "x-github-event": "pull_request", "x-github-delivery": id, "x-hub-signature-256": await githubSign(o.secret ?? endpoints.github.secret, body), "user-agent": "GitHub-Hookshot/abc" };
      return { body, id, headers };
    },
    standard: async (o = {}) => {
      const id = o.id ?? `msg_${crypto.randomUUID()}`;
      const body = o.body ?? JSON.stringify({ type: "email.delivered", data: { to: "a@example.test" } });
      const at = new Date((now() - (o.age ?? 0)) * 1000);
      const signature = new Webhook(o.secret ?? endpoints.standard.secret).sign(id, at, body);
      return { body, id, headers: { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature } };
    },
    hex: async (o = {}) => {
      const id = o.id ?? crypto.randomUUID();
      const body = o.body ?? JSON.stringify({ type: "order.created" });
      return { body, id, headers: { "x-signature": `sha256=${createHmac("sha256", o.secret ?? endpoints.hex.secret).update(body).digest("hex")}`, "x-delivery-id": id } };
    },
    base64: async (o = {}) => {
      const body = o.body ?? JSON.stringify({ type: "order.created", n: Math.random() });
      return { body, id: "", headers: { "x-acme-signature": createHmac("sha256", o.secret ?? endpoints.base64.secret).update(body).digest("base64") } };
    },
  };
  const schemes = Object.keys(senders);

  it.each(schemes)("%s: a good signature is stored with its event type and headers minus the signature, and streamed", async (key) => {
    const { endpoint } = endpoints[key];
    const signed = await senders[key]();
    const res = await env.post(endpoint.token, signed.body, { ...signed.headers, "x-api-key": "sbk_should_not_be_kept", authorization: "Bearer nope" });
    expect(res).toMatchObject({ status: 200, body: { received: true, message: "Stored." } });
    const [row] = await env.deliveries(endpoint.id);
    expect(row).toMatchObject({ verified: true, refusal: null, body_bytes: Buffer.byteLength(signed.body) });
    expect(Buffer.from(row.body as Uint8Array).toString("utf8")).toBe(signed.body);
    if (signed.id) expect(row.external_id).toBe(signed.id);
    const kept = Object.keys(row.headers as object);
    expect(kept).toContain("content-type");
    expect(kept.filter((h) => /signature|authorization|api-key/.test(h))).toEqual([]);
    expect(JSON.stringify(row)).not.toContain(endpoints[key].secret);
    const event = (await env.events()).find((e) => e.data.endpointId === endpoint.id);
    expect(event).toEqual({
      type: "webhook.inbound_received", audience: "admin",
      data: { endpointId: endpoint.id, integrationId: endpoint.integrationId, provider: endpoint.provider, deliveryId: expect.any(String), eventType: row.event_type, verified: true },
    });
    expect(row.event_type).toBe({ stripe: "invoice.paid", github: "pull_request", standard: "email.delivered", hex: "order.created", base64: "order.created" }[key]);
  });

  it.each(schemes)("%s: a bad signature is refused with 400, recorded without its body, and not streamed", async (key) => {
    const { endpoint } = endpoints[key];
    const before = (await env.events()).length;
    const secret = key === "standard" ? "whsec_" + Buffer.from("not the secret at all, 32 bytes!").toString("base64") : "whsec_notthesecret0123456789abcdef";
    const signed = await senders[key]({ secret });
    const res = await env.post(endpoint.token, signed.body, signed.headers);
    expect(res).toMatchObject({ status: 400, body: { received: false } });
    const last = (await env.deliveries(endpoint.id)).at(-1)!;
    expect(last).toMatchObject({ verified: false, refusal: "bad_signature", body: null, external_id: null, headers: {} });
    expect(await env.events()).toHaveLength(before);
    // A body changed after signing fails too, and so does no signature at all.
    const good = await senders[key]();
    expect((await env.post(endpoint.token, good.body.replace("}", ',"x":1}'), good.headers)).status).toBe(400);
    expect(await env.post(endpoint.token, good.body, {})).toMatchObject({ status: 400 });
    expect((await env.deliveries(endpoint.id)).at(-1)).toMatchObject({ refusal: "no_signature" });
  });

  it.each(["stripe", "standard"])("%s: a signature older than 5 minutes is refused as stale", async (key) => {
    const { endpoint } = endpoints[key];
    const fresh = await senders[key]({ age: 280 });
    expect((await env.post(endpoint.token, fresh.body, fresh.headers)).status).toBe(200);
    const stale = await senders[key]({ age: 301 });
    expect(await env.post(endpoint.token, stale.body, stale.headers)).toMatchObject({ status: 400 });
    expect((await env.deliveries(endpoint.id)).at(-1)).toMatchObject({ verified: false, refusal: "stale" });
  });

  it.each(schemes)("%s: a retry of one delivery id is acknowledged with 200 and stored once, even when ten arrive at once", async (key) => {
    const { endpoint } = endpoints[key];
    const signed = await senders[key]();
    const before = { rows: (await env.deliveries(endpoint.id)).filter((d) => d.verified).length, events: (await env.events()).length };
    const answers = await Promise.all(Array.from({ length: 10 }, () => env.post(endpoint.token, signed.body, signed.headers)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.message === "Stored.")).toHaveLength(1);
    expect((await env.deliveries(endpoint.id)).filter((d) => d.verified)).toHaveLength(before.rows + 1);
    expect(await env.events()).toHaveLength(before.events + 1);
  });

  it.each(schemes)("%s: a body over 1 MB is refused with 413 unread, chunked or declared", async (key) => {
    const { endpoint } = endpoints[key];
    const big = "x".repeat(MB + 1);
    const signed = await senders[key]({ body: big });
    expect(await env.post(endpoint.token, big, signed.headers)).toMatchObject({ status: 413 });
    // A stream has no Content-Length: reading stops at the limit.
    const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const request = new Request(`http://127.0.0.1/api/hooks/${endpoint.token}`, { method: "POST", headers: signed.headers, body: stream, duplex: "half" } as RequestInit);
    const { receiveDelivery } = await import("@/lib/webhooks/inbound/receive");
    const res = await receiveDelivery({ db: env.db, vault: env.vault }, endpoint.token, request);
    await res.later?.();
    expect(res.status).toBe(413);
    expect((await env.deliveries(endpoint.id)).at(-1)).toMatchObject({ verified: false, refusal: "too_large", body: null });
  });

  it.each(schemes)("%s: a delivery signed for another endpoint, or to an unknown address, is refused", async (key) => {
    const other = key === "standard" ? endpoints.hex : endpoints.standard;
    const signed = await senders[key]();
    expect(await env.post(other.endpoint.token, signed.body, signed.headers)).toMatchObject({ status: 400 });
    expect(await env.post("A".repeat(43), signed.body, signed.headers)).toMatchObject({ status: 404, body: { message: "No webhook endpoint at this address." } });
    expect(await env.post("not-a-token", signed.body, signed.headers)).toMatchObject({ status: 404 });
  });

  // Not valid UTF-8 (a lone 0xff, a broken two-byte sequence, an encoded surrogate): decoding
  // would turn each into U+FFFD. Signed over the bytes with each scheme's documented MAC
  // (node:crypto: the libraries cannot sign bytes that are not UTF-8 text).
  const rawSigners: Record<string, (raw: Buffer, id: string) => Record<string, string>> = {
    stripe: (raw) => {
      const t = now();
      return { "stripe-signature": `t=${t},v1=${createHmac("sha256", stripe.webhookSecret).update(`${t}.`).update(raw).digest("hex")}` };
    },
    github: (raw, id) => ({ "x-github-event": "push", "x-github-delivery": id, "x-hub-signature-256": `sha256=${createHmac("sha256", endpoints.github.secret).update(raw).digest("hex")}` }),
    standard: (raw, id) => {
      const t = now();
      const key = Buffer.from(endpoints.standard.secret.replace(/^whsec_/, ""), "base64");
      return { "webhook-id": id, "webhook-timestamp": String(t), "webhook-signature": `v1,${createHmac("sha256", key).update(`${id}.${t}.`).update(raw).digest("base64")}` };
    },
    hex: (raw, id) => ({ "x-signature": createHmac("sha256", endpoints.hex.secret).update(raw).digest("hex"), "x-delivery-id": id }),
    base64: (raw) => ({ "x-acme-signature": createHmac("sha256", endpoints.base64.secret).update(raw).digest("base64") }),
  };
  const notUtf8 = (id: string) => {
    const [head, tail] = JSON.stringify({ id, object: "event", type: "order.created", note: "@@" }).split("@@");
    return Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(tail)]);
  };

  it.each(schemes)("%s: a body that is not UTF-8 verifies on its bytes, is stored byte for byte, and fails once a byte changes", async (key) => {
    const { endpoint } = endpoints[key];
    const id = `evt_${crypto.randomUUID()}`;
    const raw = notUtf8(id);
    expect(raw.equals(Buffer.from(raw.toString("utf8")))).toBe(false);
    const headers = rawSigners[key](raw, id);
    // 0xff for 0xfe: both decode to U+FFFD, so only a MAC over the bytes tells the two bodies apart.
    const altered = Buffer.from(raw);
    altered[altered.indexOf(0xff)] = 0xfe;
    expect(altered.toString("utf8")).toBe(raw.toString("utf8"));
    expect(await env.post(endpoint.token, altered, headers)).toMatchObject({ status: 400 });
    expect((await env.deliveries(endpoint.id)).at(-1)).toMatchObject({ verified: false, refusal: "bad_signature" });
    // A signature the library made over the decoded text is not one over these bytes.
    const overText = await senders[key]({ body: raw.toString("utf8"), id });
    expect(await env.post(endpoint.token, raw, overText.headers)).toMatchObject({ status: 400 });

    expect(await env.post(endpoint.token, raw, headers)).toMatchObject({ status: 200, body: { message: "Stored." } });
    const row = (await env.deliveries(endpoint.id)).filter((d) => d.verified).at(-1)!;
    expect(Buffer.compare(Buffer.from(row.body as Uint8Array), raw)).toBe(0);
    expect(row).toMatchObject({ body_bytes: raw.length, event_type: key === "github" ? "push" : "order.created" });
  });

  it("keeps only the latest refusals per endpoint, so a flood of bad signatures cannot fill the table", async () => {
    const { endpoint } = endpoints.hex;
    for (let i = 0; i < REFUSALS_KEPT + 5; i++) await env.post(endpoint.token, "{}", { "x-signature": "00" });
    const rows = await env.deliveries(endpoint.id);
    expect(rows.filter((r) => !r.verified)).toHaveLength(REFUSALS_KEPT);
    expect(rows.filter((r) => r.verified).length).toBeGreaterThan(0);
  });

  it("a Stripe endpoint whose credential has no signing secret yet refuses with 409 and says what to do", async () => {
    const bare = await env.store("stripe", "bare", { publishableKey: "pk_test_b" + "51Hf".repeat(8), secretKey: "sk_test_b" + "51Hx".repeat(8) });
    const { endpoint } = await create("bare", bare, "stripe");
    const signed = await senders.stripe();
    expect(await env.post(endpoint.token, signed.body, signed.headers)).toMatchObject({ status: 409, body: { message: expect.stringContaining("no webhook signing secret") } });
  });

  it("a Stripe event of the other mode than the credential's keys is refused with 409 and recorded, though its signature matches", async () => {
    const live = await env.store("stripe", "live", { publishableKey: "pk_live_l" + "51Hf".repeat(8), secretKey: "rk_live_l" + "51Hx".repeat(8), webhookSecret: stripe.webhookSecret });
    const { endpoint } = await create("live", live, "stripe");
    const signed = await senders.stripe({ id: `evt_${crypto.randomUUID()}` });
    expect(JSON.parse(signed.body)).toMatchObject({ livemode: false });
    expect(await env.post(endpoint.token, signed.body, signed.headers)).toMatchObject({ status: 409, body: { received: false, message: expect.stringContaining("test-mode event") } });
    expect(await env.deliveries(endpoint.id)).toEqual([
      expect.objectContaining({ verified: false, refusal: "no_secret", refusal_detail: expect.stringContaining("live-mode keys") }),
    ]);
    const liveEvent = JSON.stringify({ ...JSON.parse(signed.body), livemode: true });
    expect(await env.post(endpoint.token, liveEvent, { "stripe-signature": stripe.sign(liveEvent, { timestamp: now() }) })).toMatchObject({ status: 200 });
  });

  it("bodies no JSON parser would take, NUL bytes included, are stored as sent when signed", async () => {
    const { endpoint, secret } = endpoints.hex;
    for (const body of ["\u0000\u0001 not json", "{\"type\":\"\u0000\"}", "", "[".repeat(10_000)]) {
      const id = crypto.randomUUID();
      const headers = { "x-signature": createHmac("sha256", secret).update(body).digest("hex"), "x-delivery-id": id };
      expect((await env.post(endpoint.token, body, headers)).status).toBe(200);
      const row = (await env.deliveries(endpoint.id)).find((d) => d.external_id === id)!;
      expect(Buffer.from(row.body as Uint8Array).toString("utf8")).toBe(body);
      expect(row.event_type).toBe("unknown");
    }
  });
});
