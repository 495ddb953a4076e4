import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Db } from "../../lib/db/types";
import { publicHookTarget } from "../../lib/requests/callback";
import type { Vault } from "../../lib/vault/vault";
import type { WebhookEventType } from "../../lib/webhooks/types";
import { createSubscription } from "../../lib/webhooks/subscriptions";
import { REBIND_CERT, REBIND_HOST, REBIND_KEY } from "../../test/fakes/tls-fixture";
import type { CheckResult } from "./checks";
import type { Recorder } from "./record";
import type { SoakOrg } from "./world";

/** One request the receiver got: which delivery (webhook-id), when it came and when it was answered. */
interface Receipt { id: string; path: string; at: number; end: number; brokeOff: boolean }

const PINNED = { [REBIND_HOST]: "127.0.0.1" };

/**
 * The loopback receiver of the orgs' outgoing webhooks (HTTPS at rebind.example, which the
 * instances pin to 127.0.0.1 and whose certificate they trust). /ok/... answers 200 after a few
 * milliseconds, so two attempts of one delivery at once would overlap here; /hold/... is parked
 * until release(), as a receiver that takes its time, and notes when the sender's connection
 * broke off meanwhile (its instance died).
 */
export async function startReceiver(caFile: string) {
  await writeFile(caFile, REBIND_CERT);
  const receipts: Receipt[] = [];
  const held = new Map<Receipt, () => void>();
  let holding = true;
  const server: Server = createServer({ cert: REBIND_CERT, key: REBIND_KEY }, (req, res) => {
    req.resume();
    req.on("end", () => {
      const r: Receipt = { id: String(req.headers["webhook-id"] ?? ""), path: req.url ?? "/", at: Date.now(), end: Number.POSITIVE_INFINITY, brokeOff: false };
      receipts.push(r);
      const answer = () => {
        held.delete(r);
        if (res.destroyed) return;
        r.end = Date.now();
        res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
      };
      res.on("close", () => {
        if (!res.writableFinished) { r.brokeOff = true; r.end = Date.now(); held.delete(r); }
      });
      if (holding && r.path.startsWith("/hold")) held.set(r, answer);
      else setTimeout(answer, 5 + Math.random() * 45);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    receipts,
    env: { WEBHOOK_PINNED_HOSTS: `${REBIND_HOST}=127.0.0.1`, NODE_EXTRA_CA_CERTS: caFile },
    url: (path: string) => `https://${REBIND_HOST}:${port}${path}`,
    /** Deliveries parked at /hold right now. */
    holding: () => [...held.keys()],
    /** Answers what is held, and from now on /hold like /ok. */
    stopHolding: () => { holding = false; for (const answer of [...held.values()]) answer(); },
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Of these deliveries, those claimed and never recorded: an attempt in flight, or one whose sender died. */
export async function inFlight(db: Db, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`select d.id from webhook_deliveries d where d.id = any($1::uuid[]) and d.delivered_at is null and not (${NOT_IN_FLIGHT})`, [ids]);
  return rows.map((r) => r.id);
}

const LOAD_EVENTS = ["credential.saved", "credential.deleted", "request.created", "webhook.inbound_received", "deployment.state_changed"] as const;

/**
 * A subscription of the org (to what the load makes happen, or to `events`), through the
 * product's own function; its audit event goes on `rec`'s record.
 */
export async function subscribe(db: Db, vault: Vault, org: SoakOrg, url: string, rec?: Recorder, events: readonly WebhookEventType[] = LOAD_EVENTS): Promise<string> {
  const made = await createSubscription({ db, vault, target: publicHookTarget({ label: "The URL", pinnedHosts: PINNED }) }, { userId: org.persons[0].userId, userAgent: "switchboard-soak" }, {
    orgId: org.orgId, url, createdBy: org.persons[0].userId, eventTypes: [...events],
  });
  if (made.kind !== "created") throw new Error(`soak: the webhook subscription was not created: ${JSON.stringify(made)}`);
  rec?.audit(org.orgId, "webhook.create", "acked");
  return made.id;
}

// Not in flight: every claim of it (attempts) has its attempt recorded.
const NOT_IN_FLIGHT = `d.attempts = (select count(*) from webhook_attempts a where a.delivery_id = d.id)`;

/**
 * Waits (up to limitMs) until the orgs' outbox has nothing left to send; what is still pending
 * then. A retry the schedule puts minutes away (the third attempt waits 5 minutes) is brought
 * forward: the soak checks that deliveries arrive, not the schedule. One in flight is left alone.
 */
/** Waits (up to limitMs) until the orgs' outbox has nothing left to send; what is still pending then. */
export async function drained(db: Db, orgIds: string[], limitMs: number): Promise<number> {
  const until = Date.now() + limitMs;
  for (;;) {
    await db.query(`update webhook_deliveries d set next_attempt_at = now() where org_id = any($1::uuid[]) and delivered_at is null
                      and failed_at is null and next_attempt_at > now() and ${NOT_IN_FLIGHT}`, [orgIds]);
    const { rows: [r] } = await db.query<{ n: number }>(
      `select count(*)::int as n from webhook_deliveries where org_id = any($1::uuid[]) and delivered_at is null and failed_at is null`, [orgIds]);
    if (r.n === 0 || Date.now() > until) return r.n;
    await new Promise((res) => setTimeout(res, 500));
  }
}

/**
 * Every delivery the outbox recorded as sent reached the receiver at least once, nothing is left
 * unsent, and no delivery was ever in flight twice at once (two attempts overlapping in time).
 */
export async function outboundCheck(db: Db, orgs: SoakOrg[], receiver: Receiver, pending: number): Promise<CheckResult> {
  const detail: string[] = [];
  const { rows } = await db.query<{ id: string; delivered: boolean; failed: boolean }>(
    `select id, delivered_at is not null as delivered, failed_at is not null as failed from webhook_deliveries where org_id = any($1::uuid[])`, [orgs.map((o) => o.orgId)]);
  const byId = new Map<string, Receipt[]>();
  for (const r of receiver.receipts) (byId.get(r.id) ?? byId.set(r.id, []).get(r.id)!).push(r);
  let repeated = 0;
  for (const d of rows) {
    const got = byId.get(d.id) ?? [];
    if (d.failed) detail.push(`delivery ${d.id} given up (the receiver always answers)`);
    if (d.delivered && got.length === 0) detail.push(`delivery ${d.id} recorded as delivered, never received`);
    if (got.length > 1) repeated++;
    const sorted = [...got].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].at < sorted[i - 1].end) detail.push(`delivery ${d.id} in flight twice at once (${sorted[i - 1].at}-${sorted[i - 1].end} and from ${sorted[i].at})`);
    }
  }
  if (pending) {
    const { rows: left } = await db.query<{ id: string; attempts: number; recorded: number; due: number; status: number | null }>(
      `select d.id, d.attempts, (select count(*)::int from webhook_attempts a where a.delivery_id = d.id) as recorded,
              extract(epoch from d.next_attempt_at - now())::int as due, d.last_status as status
         from webhook_deliveries d where d.org_id = any($1::uuid[]) and d.delivered_at is null and d.failed_at is null limit 3`, [orgs.map((o) => o.orgId)]);
    detail.push(`${pending} deliveries still unsent after the run, e.g. ${left.map((l) => `${l.id} (${l.attempts} claims, ${l.recorded} recorded, due in ${l.due} s, last ${l.status})`).join(", ")}`);
  }
  return {
    name: `outgoing webhooks: each of ${rows.length} deliveries reached the receiver at least once (${repeated} more than once), none twice at once`,
    ok: detail.length === 0, detail: detail.slice(0, 10),
  };
}
