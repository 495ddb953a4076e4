import { mkdtemp } from "node:fs/promises";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { migrate } from "@/lib/db/migrate";
import { openPostgres } from "@/lib/db/postgres";
import { asUser } from "@/lib/db/rls";
import { appendEvent } from "@/lib/events/append";
import { publicHookTarget } from "@/lib/requests/callback";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { createSubscription } from "@/lib/webhooks/subscriptions";
import { drainWebhooks } from "@/lib/webhooks/worker";
import { startWebhookReceiver } from "../../fakes/webhook-receiver";
import { dbKinds } from "../../helpers/db";
import { makeOrg } from "../../helpers/fixtures";
import { loopbackHookTarget } from "../../helpers/requests";
import { scratchDatabase } from "../../helpers/scratch-database";
import { actor, webhooksWorld } from "../../helpers/webhooks";

const guarded = (addresses: string[]) => publicHookTarget({ label: "The URL", resolve: async () => addresses });

describe.each(dbKinds)("webhook subscriptions: SSRF guard and row-level security (%s)", (kind) => {
  let w: Awaited<ReturnType<typeof webhooksWorld>>;
  beforeAll(async () => { w = await webhooksWorld(kind, "whg"); });
  afterAll(async () => { await w.close(); });

  it.each([
    ["http://hooks.example.com/x", /must be an https:\/\/ URL/],
    ["https://user:pw@hooks.example.com/x", /^Remove the user name or password from the URL\.$/],
    ["https://169.254.169.254/latest/meta-data", /private or reserved/],
    ["https://[::1]/x", /private or reserved/],
    ["not a url", /^The URL should be a full address, like https:\/\/example\.com\/webhooks\/switchboard\.$/],
    ["hooks.example.com/in", /^The URL should be a full address, like https:/],
  ])("refuses %s when subscribing", async (url, problem) => {
    const out = await createSubscription({ db: w.db, vault: w.vault, target: guarded(["93.184.215.14"]) }, actor, { orgId: w.org.orgId, url, eventTypes: ["credential.saved"], createdBy: null });
    expect(out).toEqual({ kind: "bad_input", field: "url", error: expect.stringMatching(problem) });
  });

  it("refuses a host whose DNS answers include a private address, and never quotes the address", async () => {
    const out = await createSubscription({ db: w.db, vault: w.vault, target: guarded(["93.184.215.14", "10.1.2.3"]) }, actor, { orgId: w.org.orgId, url: "https://hooks.example.com/in", eventTypes: ["credential.saved"], createdBy: null });
    expect(out).toMatchObject({ kind: "bad_input", error: expect.stringMatching(/^The URL was refused\. hooks\.example\.com resolves to a private/) });
    expect(JSON.stringify(out)).not.toContain("10.1.2.3");
    expect((await w.db.query(`select 1 from webhook_subscriptions where url like '%hooks.example.com%'`)).rows).toEqual([]);
  });

  it("says a host with no address has none, and a lookup that failed can be tried again, never that the name does not exist", async () => {
    const failing = (code: string) => publicHookTarget({ label: "The URL", resolve: async () => { throw Object.assign(new Error(`getaddrinfo ${code}`), { code }); } });
    expect(await failing("ENOTFOUND")("https://hooks.example.com/in")).toEqual({ ok: false, problem: "The URL was refused. No address was found for hooks.example.com; check the spelling." });
    expect(await failing("EAI_AGAIN")("https://hooks.example.com/in")).toEqual({ ok: false, problem: "The URL was refused. The name hooks.example.com could not be looked up right now; try again in a moment." });
  });

  it("checks the address again at every delivery: a name that now resolves inside the network gets nothing", async () => {
    const sub = await createSubscription({ db: w.db, vault: w.vault, target: loopbackHookTarget }, actor, { orgId: w.org.orgId, url: w.receiver.url("/ok"), eventTypes: ["credential.deleted"], createdBy: null });
    if (sub.kind !== "created") throw new Error("not created");
    await w.deleted();
    const rebound = publicHookTarget({ label: "The URL", resolve: async () => ["127.0.0.1"] });
    expect(await drainWebhooks({ ...w.worker, target: rebound })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(w.receiver.received).toEqual([]);
    expect((await w.attempts(sub.id))[0]).toMatchObject({ status: null, error: expect.stringMatching(/private or reserved/) });
    await w.db.query(`delete from webhook_subscriptions`);
  });

  it("connects an operator-pinned host to its configured address without asking DNS", async () => {
    let connections = 0;
    const tcp = createTcpServer((socket) => { connections++; socket.destroy(); });
    await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
    let lookups = 0;
    const target = publicHookTarget({ label: "The URL", pinnedHosts: { "receiver.test": "127.0.0.1" }, resolve: async () => { lookups++; return ["93.184.215.14"]; } });
    const t = await target(`https://receiver.test:${(tcp.address() as AddressInfo).port}/in`);
    if (!t.ok) throw new Error(t.problem);
    await expect(t.fetch(`https://receiver.test:${(tcp.address() as AddressInfo).port}/in`, { method: "POST", body: "{}" })).rejects.toThrow();
    expect(connections).toBe(1);
    expect(lookups).toBe(0);
    // Any other name still goes through the public-address check.
    expect(await target("https://other.test/in")).toEqual({ ok: true, fetch: expect.any(Function) });
    expect(lookups).toBe(1);
    await new Promise((r) => tcp.close(r));
  });

  it("shows subscriptions and attempts to the org's admins only, never the sealed secret", async () => {
    await w.subscribe("/ok");
    await w.deleted();
    await drainWebhooks(w.worker);
    const read = (userId: string) => asUser(w.db, userId, async (tx) => ({
      subs: (await tx.query(`select id, url, secret_fingerprint from webhook_subscriptions`)).rows.length,
      attempts: (await tx.query(`select id from webhook_attempts`)).rows.length,
      deliveries: (await tx.query(`select id from webhook_deliveries`)).rows.length,
    }));
    expect(await read(w.org.users.admin)).toEqual({ subs: 1, attempts: 1, deliveries: 1 });
    expect(await read(w.org.users.member)).toEqual({ subs: 0, attempts: 0, deliveries: 0 });
    const other = await makeOrg(w.db, `whg-other-${kind}`);
    expect(await read(other.users.owner)).toEqual({ subs: 0, attempts: 0, deliveries: 0 });
    await expect(asUser(w.db, w.org.users.admin, (tx) => tx.query(`select secret_ciphertext from webhook_subscriptions`))).rejects.toThrow(/permission denied/);
    await expect(asUser(w.db, w.org.users.admin, (tx) => tx.query(`select previous_ciphertext from webhook_subscriptions`))).rejects.toThrow(/permission denied/);
  });
});

const postgresOnly = process.env.DATABASE_URL ? describe : describe.skip;

postgresOnly("two instances draining one outbox (postgres)", () => {
  it("sends every delivery exactly once while two connection pools drain at the same time", async () => {
    const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
    const one = openPostgres(scratch.url, 4);
    const two = openPostgres(scratch.url, 4);
    const receiver = await startWebhookReceiver();
    try {
      await migrate(one);
      const vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-wh2-"))), cacheTtlMs: 60_000 });
      const org = await makeOrg(one, "wh-two");
      for (const p of ["/ok/a", "/ok/b"]) {
        await createSubscription({ db: one, vault, target: loopbackHookTarget }, actor, { orgId: org.orgId, url: receiver.url(p), eventTypes: ["credential.deleted"], createdBy: null });
      }
      for (let i = 0; i < 30; i++) {
        await one.transaction((tx) => appendEvent(tx, { orgId: org.orgId, type: "credential.deleted", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: `n${i}` } }));
      }
      const drainAll = async (db: typeof one) => {
        let sent = 0;
        for (;;) {
          const s = await drainWebhooks({ db, vault, target: loopbackHookTarget }, 5);
          sent += s.sent;
          if (s.sent + s.retrying + s.failed === 0) return sent;
        }
      };
      // An attempt in flight on one instance (its answer held back) is not sent by the other.
      receiver.hold(5);
      const first = drainWebhooks({ db: one, vault, target: loopbackHookTarget }, 5);
      await receiver.waitFor(5);
      expect(await drainWebhooks({ db: two, vault, target: loopbackHookTarget }, 100)).toEqual({ sent: 55, retrying: 0, failed: 0 });
      receiver.release();
      expect(await first).toEqual({ sent: 5, retrying: 0, failed: 0 });
      // And both draining at full speed side by side.
      for (let i = 0; i < 30; i++) {
        await one.transaction((tx) => appendEvent(tx, { orgId: org.orgId, type: "credential.deleted", data: { integrationId: "0b9e4c8e-5b1b-4a44-9d4a-1f1e7d0c2a11", provider: "openai", name: `m${i}` } }));
      }
      const [a, b] = await Promise.all([drainAll(one), drainAll(two)]);
      expect(a + b).toBe(60);
      const ids = receiver.received.map((r) => r.headers["webhook-id"]);
      expect(ids).toHaveLength(120);
      expect(new Set(ids).size).toBe(120);
      expect((await one.query<{ n: number }>(`select count(*)::int as n from webhook_attempts`)).rows[0].n).toBe(120);
    } finally {
      await receiver.close();
      await one.close();
      await two.close();
      await scratch.drop();
    }
  });
});
