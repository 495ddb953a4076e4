import type { Db } from "../../lib/db/types";
import type { Slot } from "./ledger";
import type { Recorder, RequestRecord } from "./record";
import type { SoakOrg } from "./world";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** Requests by status, inside and outside the fault windows; a 5xx is allowed only as its window allows. */
export function statusCheck(rec: Recorder): { table: string[]; check: CheckResult } {
  const counts = new Map<string, number>();
  const bad: RequestRecord[] = [];
  for (const r of rec.requests) {
    const windows = rec.windowsOf(r);
    const underWay = windows.filter((w) => r.startedAt < w.startedAt);
    const where = windows.length ? `${underWay.length === windows.length ? "under way at" : "in"} ${windows.map((w) => w.name).join("+")}` : "outside faults";
    const key = `${r.status} ${where}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const failed = r.status >= 500 || r.status <= 0;
    const allowed = windows.some((w) => w.allowed.includes(r.status) || (r.startedAt < w.startedAt && w.inFlight.includes(r.status)));
    if (failed && !allowed) bad.push(r);
  }
  const table = [...counts].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([k, n]) => `  ${k.padEnd(48)} ${n}`);
  const detail = bad.slice(0, 12).map((r) => `${r.kind} answered ${r.status} at +${r.startedAt}${r.said ? `: ${r.said.replace(/\s+/g, " ").slice(0, 160)}` : ""}`);
  if (bad.length > 12) detail.push(`… and ${bad.length - 12} more`);
  return { table, check: { name: "no 5xx (or lost answer) outside fault windows, and only the window's own inside", ok: bad.length === 0, detail } };
}

/** Statuses per kind, to see what each kind of request was answered. */
export function kindStatusTable(rec: Recorder): string[] {
  const m = new Map<string, Map<number, number>>();
  for (const r of rec.requests) {
    const k = m.get(r.kind) ?? m.set(r.kind, new Map()).get(r.kind)!;
    k.set(r.status, (k.get(r.status) ?? 0) + 1);
  }
  return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([kind, st]) => `  ${kind.padEnd(28)} ${[...st].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ")}`);
}

export function latencyTable(rec: Recorder): string[] {
  const byKind = new Map<string, number[]>();
  for (const r of rec.requests) if (r.status > 0) (byKind.get(r.kind) ?? byKind.set(r.kind, []).get(r.kind)!).push(r.ms);
  const lines = [`  ${"kind".padEnd(28)} ${"n".padStart(6)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)}`];
  for (const [kind, xs] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    const s = xs.sort((a, b) => a - b);
    lines.push(`  ${kind.padEnd(28)} ${String(s.length).padStart(6)} ${quantile(s, 0.5).toFixed(1).padStart(9)} ${quantile(s, 0.99).toFixed(1).padStart(9)}`);
  }
  return lines;
}

/** Every acknowledged write is in the database, and nothing the answers ruled out. */
export async function writesCheck(db: Db, orgs: SoakOrg[], slots: Slot[][]): Promise<CheckResult> {
  const detail: string[] = [];
  let settled = 0;
  for (let c = 0; c < orgs.length; c++) {
    const { rows } = await db.query<{ provider: string; name: string; fingerprint: string }>(
      `select provider, name, fingerprint from integrations where org_id = $1`, [orgs[c].orgId]);
    for (const slot of slots[c]) {
      const mine = rows.filter((r) => r.provider === slot.provider);
      if (mine.length > 1) detail.push(`${orgs[c].slug} ${slot.provider}: ${mine.length} rows for one slot`);
      const seen = mine[0] ? { present: true as const, name: mine[0].name, fingerprint: mine[0].fingerprint } : { present: false as const };
      const before = slot.possible.length;
      if (!slot.settle(seen)) detail.push(`${orgs[c].slug} ${slot.provider}: the database holds ${seen.present ? `"${seen.name}" ${seen.fingerprint}` : "nothing"}; the answers allowed only ${describe(slot)}`);
      else if (before > 1) settled++;
    }
  }
  return { name: `every acknowledged write present, nothing refused or deleted left (${settled} unanswered writes settled either way)`, ok: detail.length === 0, detail };
}

const describe = (slot: Slot) => slot.possible.map((p) => (p.present ? `"${p.name}" …${p.secret.slice(-4)}` : "nothing")).join(" or ");

/** Each integration has its sealed secret and each secret its integration, in every org. */
export async function pairingCheck(db: Db): Promise<CheckResult> {
  const { rows: [r] } = await db.query<{ orphans: number; bare: number }>(`
    select (select count(*)::int from integration_secrets s where not exists (select 1 from integrations i where i.id = s.integration_id)) as orphans,
           (select count(*)::int from integrations i where i.auth_type is distinct from 'oauth'
              and not exists (select 1 from integration_secrets s where s.integration_id = i.id)) as bare`);
  const detail = [];
  if (r.orphans) detail.push(`${r.orphans} secrets without their integration`);
  if (r.bare) detail.push(`${r.bare} integrations without their secret`);
  return { name: "no integration row without its secret, no secret without its row", ok: detail.length === 0, detail };
}

/**
 * One audit event per acknowledged action (at most one more per answer that never came), and
 * none for refusals beyond the intended records (a checked key that was not stored, a request).
 */
export async function auditCheck(db: Db, rec: Recorder, orgs: SoakOrg[]): Promise<CheckResult> {
  const detail: string[] = [];
  const ids = orgs.map((o) => o.orgId);
  // The scheduler's own checks (the instance-kill fault runs it) are the system's, not a client's.
  const { rows } = await db.query<{ org_id: string; action: string; n: number }>(
    `select org_id, action, count(*)::int as n from audit_events where org_id = any($1::uuid[])
        and not (actor_user_id is null and coalesce(metadata ->> 'source', '') = 'scheduler') group by 1, 2`, [ids]);
  const actual = new Map(rows.map((r) => [`${r.org_id} ${r.action}`, r.n]));
  const slugOf = new Map(orgs.map((o) => [o.orgId, o.slug]));
  const keys = new Set([...rec.audits.keys(), ...[...actual.keys()].filter((k) => !/ request\./.test(k))]);
  let total = 0;
  for (const key of keys) {
    const want = rec.audits.get(key) ?? { acked: 0, uncertain: 0 };
    const got = actual.get(key) ?? 0;
    total += got;
    if (got < want.acked || got > want.acked + want.uncertain) {
      const [org, action] = key.split(" ");
      detail.push(`${slugOf.get(org)} ${action}: ${got} events for ${want.acked} acknowledged${want.uncertain ? ` and ${want.uncertain} unanswered` : ""}`);
    }
  }
  // Credential requests: one request.create per row, one resolution event per resolved row.
  const { rows: [req] } = await db.query<{ rows: number; created: number; resolved: number; resolutions: number }>(`
    select (select count(*)::int from credential_requests where org_id = any($1::uuid[])) as rows,
           (select count(*)::int from audit_events where org_id = any($1::uuid[]) and action = 'request.create') as created,
           (select count(*)::int from credential_requests where org_id = any($1::uuid[]) and state <> 'pending') as resolved,
           (select count(*)::int from audit_events where org_id = any($1::uuid[]) and action in ('request.fulfil', 'request.decline', 'request.expire', 'request.cancel')) as resolutions`, [ids]);
  if (req.rows !== req.created) detail.push(`${req.rows} credential requests but ${req.created} request.create events`);
  if (req.resolved !== req.resolutions) detail.push(`${req.resolved} resolved requests but ${req.resolutions} resolution events`);
  return { name: `one audit event per acknowledged action, none for refusals beyond the intended records (${total} events, ${req.rows} requests)`, ok: detail.length === 0, detail: detail.slice(0, 20) };
}
