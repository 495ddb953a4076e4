import { vercelAccount } from "../../lib/deployments/vercel/account";
import { startVercelDeployment } from "../../lib/deployments/vercel/deploy";
import type { WorkerDeps } from "../../lib/deployments/worker";
import type { Db } from "../../lib/db/types";
import { validationContext } from "../../lib/providers/context";
import type { Vault } from "../../lib/vault/vault";
import { startVercelFake, type VercelFake } from "../../test/fakes/vercel-fake";
import type { CheckResult } from "./checks";
import { inFlight, subscribe, type Receiver } from "./outbound";
import type { SoakOrg } from "./world";

/**
 * What the instance-kill fault needs to see the other leases change hands: an org (no client
 * touches it) with a Vercel credential whose deployments the instances follow, and a webhook
 * subscription whose receiver holds every delivery (an attempt stays in flight until released).
 */
export interface LeaseProbe {
  org: SoakOrg;
  vercel: VercelFake;
  deps: WorkerDeps;
}

export const startVercel = startVercelFake;

/** The probe org's audit trail is not checked: it is not the load's. */
export async function prepareLeaseProbe(db: Db, vault: Vault, base: string, org: SoakOrg, vercel: VercelFake, receiver: Receiver): Promise<LeaseProbe> {
  const res = await fetch(`${base}/api/v1/integrations/${org.slug}/vercel/setup`, {
    method: "POST", headers: { "x-api-key": org.persons[0].apiKey, "content-type": "application/json" },
    body: JSON.stringify({ credential: vercel.token, credential_name: "deploys", skip_validation: true }),
  });
  if (res.status !== 200) throw new Error(`soak: the Vercel credential answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.text();
  // Only its own saves: the deliveries held are the probes made through the instance to be killed.
  await subscribe(db, vault, org, receiver.url("/hold"), undefined, ["credential.saved"]);
  const deps: WorkerDeps = { db, vault, context: (id) => validationContext({ providerBaseUrls: { [id]: vercel.url }, PROVIDER_TIMEOUT_MS: 10_000 }, id) };
  return { org, vercel, deps };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Lease { id: string; holder: string | null; expires: string | null; followed: boolean }

async function leases(db: Db, ids: string[]): Promise<Map<string, Lease>> {
  const { rows } = await db.query<Lease>(
    `select id, lease_holder as holder, lease_expires_at::text as expires, followed_at is not null as followed from deployments where id = any($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Deployments started one by one across a claim tick (the instances' timers tick each second, so
 * both get some), each building until released; resolves once every one is being followed.
 */
export async function startProbeDeployments(p: LeaseProbe, n: number): Promise<ProbeDeployment[]> {
  const account = await vercelAccount(p.deps, p.org.orgId);
  if (!account) throw new Error("soak: the probe org has no Vercel credential");
  const out: ProbeDeployment[] = [];
  for (let i = 0; i < n; i++) {
    const d = await startVercelDeployment(p.deps, account, { userId: p.org.persons[0].userId, userAgent: "switchboard-soak" }, p.org.orgId, { projectId: p.vercel.projects[0].id, mode: "git", ref: "main", target: "preview" });
    out.push({ id: d.id, atVercel: String((d.providerRef as { deploymentId?: string }).deploymentId) });
    await sleep(1000 / n);
  }
  const until = Date.now() + 15_000;
  while (Date.now() < until && [...(await leases(p.deps.db, out.map((d) => d.id))).values()].some((l) => !l.holder)) await sleep(200);
  return out;
}

export interface ProbeDeployment { id: string; atVercel: string }

/**
 * After the kill: the deployments whose lease the dead instance held (not renewed while the other
 * renews its own at every step) are claimed by the survivor once the lease lapses, and every probe
 * deployment is then followed to its end.
 */
export async function followersTakenOver(p: LeaseProbe, probes: ProbeDeployment[], atKill: Map<string, Lease>, killedAt: number): Promise<CheckResult> {
  const detail: string[] = [];
  const ids = probes.map((d) => d.id);
  await sleep(Math.max(0, killedAt + 8000 - Date.now()));
  const later = await leases(p.deps.db, ids);
  const orphaned = ids.filter((id) => atKill.get(id)?.holder && later.get(id)?.holder === atKill.get(id)!.holder && later.get(id)?.expires === atKill.get(id)!.expires);
  let takeover: number | null = null;
  const until = killedAt + 70_000;
  while (orphaned.length && Date.now() < until) {
    const now = await leases(p.deps.db, orphaned);
    if (orphaned.every((id) => now.get(id)?.holder !== atKill.get(id)!.holder)) { takeover = Date.now() - killedAt; break; }
    await sleep(500);
  }
  if (orphaned.length === 0) detail.push(`the killed instance followed none of the ${ids.length} deployments, so no takeover was seen`);
  else if (takeover === null) detail.push(`deployments the killed instance followed were not claimed by the other within 70 s`);
  // The builds finish: every deployment, taken over or not, is followed to READY.
  for (const d of probes) p.vercel.advance(d.atVercel);
  const done = Date.now() + 40_000;
  let unfinished = ids.length;
  while (Date.now() < done && (unfinished = [...(await leases(p.deps.db, ids)).values()].filter((l) => !l.followed).length) > 0) await sleep(500);
  if (unfinished) detail.push(`${unfinished} of ${ids.length} deployments not followed to their end within 40 s of it`);
  return {
    name: `instance SIGKILLed: the deployment followers it held (${orphaned.length} of ${ids.length}) taken over by the other (after ${takeover ?? "never"} ms), every deployment followed to READY`,
    ok: detail.length === 0, detail,
  };
}

export { leases as deploymentLeases };

/** Deliveries made now through the given instance (saves in the probe org, each a credential.saved event); held at the receiver. */
export async function probeDeliveries(p: LeaseProbe, base: string, receiver: Receiver, n: number, newKey: () => string): Promise<number> {
  const before = receiver.holding().length;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/api/v1/integrations/${p.org.slug}/openai/setup`, {
      method: "POST", headers: { "x-api-key": p.org.persons[0].apiKey, "content-type": "application/json" },
      body: JSON.stringify({ credential: newKey(), credential_name: `probe-${Date.now()}-${i}`, skip_validation: true }),
    });
    await res.text();
  }
  const until = Date.now() + 10_000;
  while (Date.now() < until && receiver.holding().length < before + n) await sleep(100);
  return receiver.holding().length;
}

/**
 * The deliveries the dead instance had in flight (its connection to the receiver broke off at the
 * kill) are sent again by the survivor once their lease lapses; then the receiver lets all go.
 */
export async function outboxTakenOver(db: Db, receiver: Receiver, killedAt: number): Promise<CheckResult> {
  const detail: string[] = [];
  // By now the survivor has recorded any attempt of its own that ended at the kill (a timeout).
  await sleep(Math.max(0, killedAt + 5000 - Date.now()));
  const cut = [...new Set(receiver.receipts.filter((r) => r.path.startsWith("/hold") && r.brokeOff && r.end >= killedAt - 500 && r.end <= killedAt + 2000).map((r) => r.id))];
  const orphaned = await inFlight(db, cut);
  const resent = (id: string) => receiver.receipts.some((r) => r.id === id && r.at > killedAt);
  let takeover: number | null = null;
  const until = killedAt + 100_000;
  while (orphaned.length && Date.now() < until) {
    if (orphaned.every(resent)) { takeover = Date.now() - killedAt; break; }
    await sleep(500);
  }
  receiver.stopHolding();
  if (orphaned.length === 0) detail.push(`the killed instance had none of the probe deliveries in flight (${cut.length} cut off at the kill), so no takeover was seen`);
  else if (takeover === null) {
    const { rows } = await db.query<{ id: string; attempts: number; due: number }>(
      `select id, attempts, extract(epoch from next_attempt_at - now())::int as due from webhook_deliveries where id = any($1::uuid[])`, [orphaned.filter((id) => !resent(id))]);
    detail.push(`deliveries the killed instance was sending were not sent again within 100 s: ${rows.map((r) => `${r.id} (${r.attempts} claims, due in ${r.due} s)`).join(", ")}`);
  }
  return {
    name: `instance SIGKILLed: the webhook deliveries it had in flight (${orphaned.length}) sent again by the other once their lease lapsed (after ${takeover ?? "never"} ms)`,
    ok: detail.length === 0, detail,
  };
}
