import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import { requestStreamHandler } from "@/lib/api/request-stream";
import {
  cancelRequestHandler, createRequestHandler, declineRequestHandler, fulfilRequestHandler, getRequestHandler, listRequestsHandler,
} from "@/lib/api/requests";
import { createEventFeed } from "@/lib/events/feed";
import { eventsSince } from "@/lib/events/queries";
import { setDefaultIntegration } from "@/lib/integrations/named";
import { publicHookTarget } from "@/lib/requests/callback";
import type { RequestHandler } from "@/lib/requests/deps";
import { deliverDueWebhooks } from "@/lib/requests/webhooks";
import { apiRequest, makeKey, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { requestsWorld } from "../helpers/requests";
import { sseReader } from "../helpers/sse";
import { REBIND_CERT, REBIND_KEY } from "../fakes/tls-fixture";

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(dbKinds)("credential requests API on %s", (kind) => {
  let world: Awaited<ReturnType<typeof requestsWorld>>;
  let requester: string; // a key with the request scope
  let requester2: string;
  let admin: string; // an admin's key with write
  let otherOrg: string;

  beforeAll(async () => {
    world = await requestsWorld(kind, "req");
    requester = (await makeKey(world.db, world.a, ["request"])).key;
    requester2 = (await makeKey(world.db, world.a, ["request"])).key;
    admin = (await makeKey(world.db, world.a, ["read", "write"])).key;
    otherOrg = (await makeKey(world.db, world.b, ["request"])).key;
    for (const tag of ["good", "second"]) world.fake.keys.set(openaiKey(tag), "valid");
    world.fake.keys.set(openaiKey("bad"), "invalid");
  });
  afterAll(() => world.close());

  const call = async (handler: RequestHandler, method: string, path: string, opts: { key?: string; json?: unknown; id?: string; deps?: typeof world.deps } = {}) => {
    const res = await handler(apiRequest(method, `/api/v1/requests/${world.a.slug}${path}`, { key: opts.key ?? requester, json: opts.json }),
      { orgSlug: world.a.slug, id: opts.id }, opts.deps ?? world.deps);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Body, text };
  };
  const create = (json: unknown, key = requester, deps = world.deps) => call(createRequestHandler, "POST", "", { key, json, deps });
  const get = (id: string, query = "", key = requester) => call(getRequestHandler, "GET", `/${id}${query}`, { key, id });
  const setup = (credential: string, extra: Record<string, unknown> = {}) =>
    setupIntegrationHandler(apiRequest("POST", `/api/v1/integrations/${world.a.slug}/openai/setup`, { key: admin, json: { credential, ...extra } }),
      { orgSlug: world.a.slug, provider: "openai" }, world.deps);
  const events = async (requestId: string) => (await eventsSince(world.db, world.a.orgId, "0", "admin", 10_000))
    .filter((e) => (e.data as { requestId?: string }).requestId === requestId);
  const audit = async (requestId: string) => (await world.db.query<{ action: string; outcome: string; metadata: Body }>(
    `select action, outcome, metadata from audit_events where org_id = $1 and metadata->>'request_id' = $2 order by id`, [world.a.orgId, requestId])).rows;
  const clear = () => world.db.query(`delete from credential_requests`);

  it("files a request with its context and answers the approval link, the state and no secret", async () => {
    const res = await create({ provider: "OpenAI", reason: "The nightly build needs it.", context: { label: "build 42", env: ["OPENAI_API_KEY"] } });
    expect(res.status).toBe(201);
    const r = res.body.request;
    expect(r).toMatchObject({
      provider: "OPENAI", provider_id: "openai", state: "pending", reason: "The nightly build needs it.",
      context: { label: "build 42", env: ["OPENAI_API_KEY"] }, credential_name: null, env: [], coalesced: false,
      approval_url: `http://switchboard.test/${world.a.slug}/requests/${r.id}`,
    });
    expect(r.requester.type).toBe("api_key");
    // Default expiry: 30 minutes.
    expect(new Date(r.expires_at).getTime() - new Date(r.created_at).getTime()).toBe(30 * 60_000);
    expect(res.body.webhook_secret).toBeUndefined();
    const evs = await events(r.id);
    expect(evs.map((e) => [e.type, e.audience, e.data])).toEqual([["request.created", "member", { requestId: r.id, provider: "openai" }]]);
    expect((await audit(r.id)).map((a) => a.action)).toEqual(["request.create"]);
  });

  it("refuses bad input with a sentence and files nothing", async () => {
    await clear();
    const bad = [
      [{ provider: "openai", reason: "line one\nline two" }, "control characters"],
      [{ provider: "openai", reason: "x".repeat(281) }, "280"],
      [{ provider: "openai" }, "Say why"],
      [{ provider: "nope", reason: "Needed for tests." }, "not a provider"],
      [{ provider: "openai", providers: ["stripe"], reason: "Needed for tests." }, "either provider or providers"],
      [{ provider: "openai", reason: "Needed for tests.", expires_in_minutes: 7 * 24 * 60 + 1 }, "at most 7 days"],
      [{ provider: "openai", reason: "Needed for tests.", context: { env: ["lower"] } }, "upper-case"],
      [{ provider: "openai", reason: "Needed for tests.", callback_url: "http://hooks.example.com/x" }, "https"],
      [{ provider: "openai", reason: "Needed for tests.", extra: 1 }, "Check the request"],
    ] as const;
    for (const [json, words] of bad) {
      const res = await create(json);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message).toContain(words);
    }
    const invalidJson = await createRequestHandler(apiRequest("POST", `/api/v1/requests/${world.a.slug}`, { key: requester, body: "{" }), { orgSlug: world.a.slug }, world.deps);
    expect(invalidJson.status).toBe(400);
    expect((await world.db.query(`select 1 from credential_requests`)).rows).toHaveLength(0);
  });

  it("needs the request scope and the key's own org, and shows a key only its own requests", async () => {
    await clear();
    expect((await create({ provider: "openai", reason: "Needed for tests." }, admin)).body.error.code).toBe("insufficient_scope");
    expect((await create({ provider: "openai", reason: "Needed for tests." }, otherOrg)).body.error.code).toBe("org_forbidden");
    const mine = (await create({ provider: "openai", reason: "Needed for tests." })).body.request;
    expect((await get(mine.id, "", requester2)).status).toBe(404);
    expect((await call(listRequestsHandler, "GET", "", { key: requester2 })).body.requests).toEqual([]);
    expect((await call(listRequestsHandler, "GET", "", {})).body.requests.map((r: Body) => r.id)).toEqual([mine.id]);
    expect((await call(cancelRequestHandler, "POST", `/${mine.id}/cancel`, { key: requester2, id: mine.id })).status).toBe(404);
    expect((await get("not-a-uuid")).status).toBe(404);
  });

  it("coalesces 50 parallel requests for one provider from one requester into one", async () => {
    await clear();
    const all = await Promise.all(Array.from({ length: 50 }, () => create({ provider: "openai", reason: "Parallel build steps." })));
    const ids = new Set(all.map((r) => r.body.request.id));
    expect(ids.size).toBe(1);
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.body.request.coalesced)).toHaveLength(49);
    const [id] = [...ids];
    expect((await world.db.query(`select 1 from credential_requests where org_id = $1`, [world.a.orgId])).rows).toHaveLength(1);
    expect((await events(id)).map((e) => e.type)).toEqual(["request.created"]);
    // Another requester, or another provider, is a request of its own.
    expect((await create({ provider: "openai", reason: "Parallel build steps." }, requester2)).body.request.id).not.toBe(id);
    expect((await create({ provider: "anthropic", reason: "Parallel build steps." })).body.request.id).not.toBe(id);
  });

  it("files one request per provider for several, sharing a group id", async () => {
    await clear();
    const res = await create({ providers: ["openai", "stripe", "openai"], reason: "The app needs both." });
    expect(res.status).toBe(201);
    expect(res.body.request).toBeUndefined();
    expect(res.body.requests.map((r: Body) => r.provider_id)).toEqual(["openai", "stripe"]);
    expect(res.body.group_id).toEqual(expect.any(String));
    expect(res.body.requests.every((r: Body) => r.group_id === res.body.group_id)).toBe(true);
  });

  it("limits requests per requester and per org, exactly under concurrency, and never refuses a coalesced one", async () => {
    await clear();
    const deps = { ...world.deps, limits: { perRequester: 3, perOrg: 5, windowSeconds: 3600 } };
    const providers = ["openai", "anthropic", "stripe", "github", "vercel", "resend", "groq", "mistral", "replicate", "netlify"];
    const first = await Promise.all(providers.map((provider) => create({ provider, reason: "Burst of requests." }, requester, deps)));
    expect(first.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = first.filter((r) => r.status === 429);
    expect(refused).toHaveLength(7);
    expect(refused[0].body.error.code).toBe("request_rate_limited");
    expect(refused[0].headers.get("retry-after")).toMatch(/^\d+$/);
    const filed = first.find((r) => r.status === 201)!.body.request.provider_id;
    expect((await create({ provider: filed, reason: "Burst of requests." }, requester, deps)).status).toBe(200);
    const second = await Promise.all(providers.map((provider) => create({ provider, reason: "Burst of requests." }, requester2, deps)));
    expect(second.filter((r) => r.status === 201)).toHaveLength(2);
    expect(second.find((r) => r.status === 429)!.body.error.message).toContain("This organization has received 5");
    expect((await world.db.query(`select 1 from credential_requests where org_id = $1`, [world.a.orgId])).rows).toHaveLength(5);
  });

  it("is fulfilled only by a credential whose check passed: saved unverified or rejected leaves it pending", async () => {
    await clear();
    await world.db.query(`delete from integrations where org_id = $1`, [world.a.orgId]);
    const r = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    expect((await setup(openaiKey("bad"))).status).toBe(422);
    expect((await get(r.id)).body.request.state).toBe("pending");
    expect((await setup(openaiKey("good"), { skip_validation: true })).status).toBe(200);
    expect((await get(r.id)).body.request.state).toBe("pending");
    // The scheduled (or manual) check of that unverified key passes: now it is fulfilled.
    const check = await validateIntegrationHandler(apiRequest("POST", `/api/v1/integrations/${world.a.slug}/openai/validate`, { key: admin }),
      { orgSlug: world.a.slug, provider: "openai" }, world.deps);
    expect(check.status).toBe(200);
    const done = (await get(r.id)).body.request;
    expect(done).toMatchObject({ state: "fulfilled", credential_name: "default", env: ["OPENAI_API_KEY"] });
    expect(JSON.stringify(done)).not.toContain(openaiKey("good"));
    expect((await events(r.id)).map((e) => [e.type, (e.data as Body).state])).toEqual([["request.created", undefined], ["request.resolved", "fulfilled"]]);
    const trail = await audit(r.id);
    expect(trail.map((a) => [a.action, a.outcome, a.metadata.credential_name])).toEqual([["request.create", "pending", undefined], ["request.fulfil", "fulfilled", "default"]]);
  });

  it("fulfils every pending request for the provider when its default (what pull exports) is saved and passes its check, or becomes the default", async () => {
    await clear();
    const one = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    const two = (await create({ provider: "openai", reason: "Needs a model key too." }, requester2)).body.request;
    const other = (await create({ provider: "anthropic", reason: "Needs a different key." })).body.request;
    // A Valid key of another name is not what pull would export ("default" is): the requests wait.
    expect((await setup(openaiKey("second"), { credential_name: "team" })).status).toBe(200);
    expect((await get(one.id)).body.request.state).toBe("pending");
    const { rows } = await world.db.query<{ id: string }>(`select id from integrations where org_id = $1 and name = 'team'`, [world.a.orgId]);
    expect(await setDefaultIntegration(world.db, { userId: null }, world.a.orgId, "openai", rows[0].id)).toMatchObject({ kind: "switched" });
    expect((await get(one.id)).body.request).toMatchObject({ state: "fulfilled", credential_name: "team" });
    expect((await get(two.id, "", requester2)).body.request).toMatchObject({ state: "fulfilled", credential_name: "team" });
    expect((await get(other.id)).body.request.state).toBe("pending");
    // Replacing the default's key (same name) fulfils at once.
    const three = (await create({ provider: "openai", reason: "Needs a model key again." })).body.request;
    expect((await setup(openaiKey("second"), { credential_name: "team" })).status).toBe(200);
    expect((await get(three.id)).body.request).toMatchObject({ state: "fulfilled", credential_name: "team" });
  });

  it("lets an admin fulfil with an existing VALID credential, decline, and the requester cancel; each once", async () => {
    await clear();
    const a = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    const b = (await create({ provider: "anthropic", reason: "Needs a model key." })).body.request;
    const c = (await create({ provider: "stripe", reason: "Needs payments." })).body.request;
    // Requester keys cannot approve; admin keys need write.
    expect((await call(declineRequestHandler, "POST", `/${b.id}/decline`, { id: b.id })).body.error.code).toBe("insufficient_scope");
    expect((await call(fulfilRequestHandler, "POST", `/${a.id}/fulfil`, { key: admin, id: a.id, json: { credential_name: "nope" } })).status).toBe(404);
    const ok = await call(fulfilRequestHandler, "POST", `/${a.id}/fulfil`, { key: admin, id: a.id, json: { credential_name: "team" } });
    expect(ok.status).toBe(200);
    expect(ok.body.request).toMatchObject({ state: "fulfilled", credential_name: "team" });
    // Only the default answers a request: "default" is Valid but no longer what pull exports.
    const d = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    const notDefault = await call(fulfilRequestHandler, "POST", `/${d.id}/fulfil`, { key: admin, id: d.id, json: { credential_name: "default" } });
    expect(notDefault.status).toBe(400);
    expect(notDefault.body.error.message).toContain("not the default OpenAI credential");
    expect((await get(d.id)).body.request.state).toBe("pending");
    expect((await call(declineRequestHandler, "POST", `/${b.id}/decline`, { key: admin, id: b.id })).body.request.state).toBe("declined");
    expect((await call(cancelRequestHandler, "POST", `/${c.id}/cancel`, { id: c.id })).body.request.state).toBe("canceled");
    // Terminal is terminal: a second transition is refused with the state as it is.
    for (const [h, id, key] of [[declineRequestHandler, a.id, admin], [cancelRequestHandler, b.id, requester], [fulfilRequestHandler, c.id, admin]] as const) {
      const again = await call(h, "POST", `/${id}/x`, { key, id, json: {} });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("request_not_pending");
    }
    for (const [id, state] of [[a.id, "fulfilled"], [b.id, "declined"], [c.id, "canceled"]]) {
      expect((await events(id)).map((e) => (e.data as Body).state ?? e.type)).toEqual(["request.created", state]);
    }
    expect((await audit(b.id)).map((x) => x.action)).toEqual(["request.create", "request.decline"]);
    expect((await audit(c.id)).map((x) => x.action)).toEqual(["request.create", "request.cancel"]);
  });

  it("refuses to fulfil with a credential that is not VALID", async () => {
    await clear();
    const r = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    await world.db.query(`update integrations set status = 'INVALID' where org_id = $1 and name = 'team'`, [world.a.orgId]);
    const res = await call(fulfilRequestHandler, "POST", `/${r.id}/fulfil`, { key: admin, id: r.id, json: { credential_name: "team" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("not Valid");
    expect((await get(r.id)).body.request.state).toBe("pending");
    await world.db.query(`update integrations set status = 'VALID' where org_id = $1 and name = 'team'`, [world.a.orgId]);
  });

  it("reads a pending request past its expiry as expired, records that once, and frees the slot for a new one", async () => {
    await clear();
    const r = (await create({ provider: "openai", reason: "Needs a model key.", expires_in_minutes: 1 })).body.request;
    await world.db.query(`update credential_requests set created_at = now() - interval '2 minutes', expires_at = now() - interval '1 second' where id = $1`, [r.id]);
    const reads = await Promise.all([get(r.id), get(r.id), call(listRequestsHandler, "GET", "?state=expired")]);
    expect(reads[0].body.request.state).toBe("expired");
    expect(reads[2].body.requests.map((x: Body) => x.id)).toEqual([r.id]);
    expect((await events(r.id)).map((e) => (e.data as Body).state ?? e.type)).toEqual(["request.created", "expired"]);
    expect((await audit(r.id)).map((x) => x.action)).toEqual(["request.create", "request.expire"]);
    // An expired request is not fulfilled by a later key, and a new request is a new row.
    const fresh = await create({ provider: "openai", reason: "Needs a model key." });
    expect(fresh.status).toBe(201);
    expect(fresh.body.request.id).not.toBe(r.id);
  });

  it("long poll: answers 200 at once when resolved, is woken by fulfilment, by decline and by expiry, and says pending after its wait", async () => {
    await clear();
    const r = (await create({ provider: "anthropic", reason: "Needs a model key." })).body.request;
    expect((await get(r.id, "?wait=abc")).status).toBe(400);
    const waitingDeps = { ...world.deps, maxWaitSeconds: 1 };
    const short = await call(getRequestHandler, "GET", `/${r.id}?wait=55`, { id: r.id, deps: waitingDeps });
    expect(short.status).toBe(200);
    expect(short.body.request.state).toBe("pending");

    // Woken by a decline while it waits (the wait is long; the test ends only if it is woken).
    const subscribed = world.subscribed();
    const polling = get(r.id, "?wait=55");
    await subscribed;
    await call(declineRequestHandler, "POST", `/${r.id}/decline`, { key: admin, id: r.id });
    expect((await polling).body.request.state).toBe("declined");

    // Woken by fulfilment through a passing check.
    const f = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    const sub2 = world.subscribed();
    const polling2 = get(f.id, "?wait=55");
    await sub2;
    expect((await setup(openaiKey("good"), { credential_name: "team" })).status).toBe(200);
    expect((await polling2).body.request).toMatchObject({ state: "fulfilled", credential_name: "team" });

    // Woken at expiry, which it records.
    const e = (await create({ provider: "stripe", reason: "Needs payments." })).body.request;
    await world.db.query(`update credential_requests set expires_at = now() + interval '300 milliseconds' where id = $1`, [e.id]);
    expect((await get(e.id, "?wait=55")).body.request.state).toBe("expired");
    expect((await events(e.id)).map((x) => (x.data as Body).state ?? x.type)).toEqual(["request.created", "expired"]);
  }, 20_000);

  it("long poll: a notification that never arrives still ends the wait, through the feed's catch-up by id", async () => {
    await clear();
    // A feed whose LISTEN hears nothing (a dropped connection, a transaction-mode pooler).
    const deaf = createEventFeed(world.db, { start: () => {}, stop: async () => {} });
    let joined = () => {};
    const subscribed = new Promise<void>((resolve) => (joined = resolve));
    const feed = { ...deaf, subscribe: (...args: Parameters<typeof deaf.subscribe>) => { const leave = deaf.subscribe(...args); joined(); return leave; } };
    try {
      const r = (await create({ provider: "anthropic", reason: "Needs a model key." })).body.request;
      const polling = call(getRequestHandler, "GET", `/${r.id}?wait=55`, { id: r.id, deps: { ...world.deps, feed, catchUpMs: 20 } });
      await subscribed;
      // Queued behind the feed's first read on the one connection: the decline comes after it, unheard.
      await world.db.query(`select 1`);
      await call(declineRequestHandler, "POST", `/${r.id}/decline`, { key: admin, id: r.id });
      expect((await polling).body.request.state).toBe("declined");
    } finally {
      await deaf.close();
    }
  });

  it("streams one request: its state now, then the terminal state, and ends", async () => {
    await clear();
    const r = (await create({ provider: "openai", reason: "Needs a model key." })).body.request;
    const res = await requestStreamHandler(apiRequest("GET", `/api/v1/requests/${world.a.slug}/${r.id}/events`, { key: requester }), { orgSlug: world.a.slug, id: r.id }, world.deps);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const stream = sseReader(res);
    const nextData = async () => {
      for (;;) {
        const block = await stream.next();
        if (!block || block.data !== undefined) return block ? JSON.parse(block.data!) : null;
      }
    };
    const subscribed = world.subscribed();
    expect((await nextData()).state).toBe("pending");
    await subscribed;
    await call(cancelRequestHandler, "POST", `/${r.id}/cancel`, { id: r.id });
    expect(await nextData()).toMatchObject({ id: r.id, state: "canceled" });
    expect(await nextData()).toBeNull();
    const other = await requestStreamHandler(apiRequest("GET", `/x`, { key: requester2 }), { orgSlug: world.a.slug, id: r.id }, world.deps);
    expect(other.status).toBe(404);
  });

  it("ends a request's stream at the next heartbeat once its key is revoked", async () => {
    await clear();
    const holder = await makeKey(world.db, world.a, ["request"]);
    const r = (await create({ provider: "openai", reason: "Needs a model key." }, holder.key)).body.request;
    const res = await requestStreamHandler(apiRequest("GET", `/x`, { key: holder.key }), { orgSlug: world.a.slug, id: r.id }, { ...world.deps, heartbeatMs: 50 });
    const stream = sseReader(res);
    let block = await stream.next();
    while (block && block.data === undefined) block = await stream.next();
    expect(JSON.parse(block!.data!).state).toBe("pending");
    await world.db.query(`update api_keys set revoked_at = now() where id = $1`, [holder.id]);
    const rest: string[] = [];
    for (let b = await stream.next(); b; b = await stream.next()) if (b.data !== undefined) rest.push(b.data);
    expect(rest).toEqual([]);
  });

  describe("the signed callback", () => {
    let server: Server;
    let port: number;
    const received: { headers: Record<string, string>; body: string }[] = [];
    const answers: number[] = [];
    beforeAll(async () => {
      server = createServer({ cert: REBIND_CERT, key: REBIND_KEY }, (req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          received.push({ headers: req.headers as Record<string, string>, body });
          res.statusCode = answers.shift() ?? 200;
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("refuses a callback_url on a private or loopback address, and files nothing", async () => {
      await clear();
      const guarded = { ...world.deps, hookTarget: publicHookTarget(async () => ["10.1.2.3"]) };
      for (const url of ["https://hooks.internal.example/cb", "https://127.0.0.1/cb", "https://[::1]/cb", "https://169.254.169.254/latest"]) {
        const res = await create({ provider: "openai", reason: "Needs a model key.", callback_url: url }, requester, guarded);
        expect(res.status).toBe(400);
        expect(res.body.error.fields.callback_url[0]).toMatch(/private or reserved network address/);
      }
      const bare = await create({ provider: "openai", reason: "Needs a model key.", callback_url: "hooks.example.com/cb" }, requester, guarded);
      expect(bare.body.error.fields.callback_url).toEqual(["callback_url should be a full address, like https://example.com/webhooks/switchboard."]);
      expect((await world.db.query(`select 1 from credential_requests`)).rows).toHaveLength(0);
      // A public address passes the guard.
      const open = { ...world.deps, hookTarget: publicHookTarget(async () => ["93.184.215.14"]) };
      expect((await create({ provider: "openai", reason: "Needs a model key.", callback_url: "https://hooks.example.com/cb" }, requester, open)).status).toBe(201);
    });

    it("delivers the outcome signed with the secret returned once, retries a failure with the same webhook-id, and never sends the key", async () => {
      await clear();
      const url = `https://rebind.example:${port}/hooks/switchboard?build=42`;
      const res = await create({ provider: "openai", reason: "Needs a model key.", callback_url: url });
      expect(res.status).toBe(201);
      const secret: string = res.body.webhook_secret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(res.body.request.callback).toBe(true);
      // The secret is sealed, not stored as text.
      const raw = await world.db.query(`select * from credential_requests where id = $1`, [res.body.request.id]);
      expect(JSON.stringify(raw.rows[0])).not.toContain(secret.slice(6, 20));
      // A coalesced request returns no secret.
      expect((await create({ provider: "openai", reason: "Needs a model key.", callback_url: url })).body.webhook_secret).toBeUndefined();

      expect((await setup(openaiKey("good"), { credential_name: "team" })).status).toBe(200);
      answers.push(500);
      expect(await deliverDueWebhooks(world.deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
      // Not due again before its backoff.
      expect(await deliverDueWebhooks(world.deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
      await world.db.query(`update request_webhooks set next_attempt_at = now()`);
      expect(await deliverDueWebhooks(world.deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(received).toHaveLength(2);
      const [first, second] = received;
      expect(first.headers["webhook-id"]).toBe(second.headers["webhook-id"]);
      const payload = new Webhook(secret).verify(second.body, second.headers) as Body;
      expect(payload).toMatchObject({ type: "request.resolved", data: { id: res.body.request.id, state: "fulfilled", provider: "openai", credential_name: "team", env: ["OPENAI_API_KEY"] } });
      expect(second.body).not.toContain(openaiKey("good"));
      // A forged signature fails verification by the package.
      expect(() => new Webhook(`whsec_${Buffer.from("x".repeat(32)).toString("base64")}`).verify(second.body, second.headers)).toThrow();
      const row = await world.db.query<{ attempts: number; delivered: boolean }>(`select attempts, delivered_at is not null as delivered from request_webhooks`);
      expect(row.rows).toEqual([{ attempts: 2, delivered: true }]);
      expect(await deliverDueWebhooks(world.deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    });

    it("tells the callback of a decline too, and gives up after the last retry or at once on 410", async () => {
      await clear();
      received.length = 0;
      const url = `https://rebind.example:${port}/cb`;
      const r = (await create({ provider: "stripe", reason: "Needs payments.", callback_url: url })).body;
      await call(declineRequestHandler, "POST", `/${r.request.id}/decline`, { key: admin, id: r.request.id });
      answers.push(410);
      expect(await deliverDueWebhooks(world.deps)).toEqual({ sent: 0, retrying: 0, failed: 1 });
      expect((new Webhook(r.webhook_secret).verify(received[0].body, received[0].headers) as Body).data.state).toBe("declined");

      const s = (await create({ provider: "vercel", reason: "Needs deploys.", callback_url: url })).body;
      await call(cancelRequestHandler, "POST", `/${s.request.id}/cancel`, { id: s.request.id });
      const outcomes = [];
      for (let i = 0; i < 6; i++) {
        answers.push(503);
        outcomes.push(await deliverDueWebhooks(world.deps));
        await world.db.query(`update request_webhooks set next_attempt_at = now()`);
      }
      expect(outcomes.map((o) => (o.failed ? "failed" : o.retrying ? "retrying" : "none"))).toEqual(["retrying", "retrying", "retrying", "retrying", "retrying", "failed"]);
    });
  });
});
