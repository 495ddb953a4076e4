import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { readThrough } from "@/lib/db/read-through";
import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { latestEventId } from "@/lib/events/queries";
import type { OwnRequest, PanelItem, PanelProvider } from "./types";
import { listIntegrations } from "@/lib/integrations/queries";
import { env } from "@/lib/env";
import { nangoIntegrationOf, nangoPublicConfig } from "@/lib/oauth/nango";
import { getProvider } from "@/lib/providers";
import { publicFields } from "@/lib/providers/public";

/** A pending request as the admins' panel shows it (only columns the client-facing role may read). */
export interface PanelRequest {
  id: string;
  provider: string;
  reason: string;
  requesterLabel: string;
  contextLabel: string | null;
  envNames: string[];
  createdAt: Date;
  expiresAt: Date;
}

const PANEL_COLUMNS = `id, provider, reason, requester_label as "requesterLabel", context_label as "contextLabel",
  env_names as "envNames", created_at as "createdAt", expires_at as "expiresAt"`;

/** The org's pending, unexpired requests, oldest first, read under RLS as the admin (who alone may read them all). */
export const readPendingRequests = cache(async (userId: string, orgId: string, id?: string): Promise<PanelRequest[]> => {
  const db = await getDb();
  return asUser(db, userId, async (tx) => (await tx.query<PanelRequest>(
    `select ${PANEL_COLUMNS} from credential_requests
      where org_id = $1 and state = 'pending' and expires_at > now() and ($2::uuid is null or id = $2)
      order by created_at limit 100`,
    [orgId, id ?? null],
  )).rows);
});

/**
 * The requests this person filed in the org in the last 30 days, newest first, with where each
 * stands: their own only (the query says so, and row-level security shows a member no one else's).
 * A pending one past its expiry reads as expired, as everywhere else.
 */
export async function listOwnRequests(db: Db, userId: string, orgId: string, provider: string | null = null): Promise<OwnRequest[]> {
  const { rows } = await db.query<Omit<OwnRequest, "createdAt" | "expiresAt" | "resolvedAt"> & { createdAt: Date; expiresAt: Date; resolvedAt: Date | null }>(
    `select id, provider, reason, case when state = 'pending' and expires_at <= now() then 'expired' else state end as state,
        credential_name as "credentialName", created_at as "createdAt", expires_at as "expiresAt", resolved_at as "resolvedAt"
       from credential_requests
      where org_id = $1 and requester_type = 'user' and requester_user_id = $2 and ($3::text is null or provider = $3)
        and created_at > now() - interval '30 days'
      order by created_at desc limit 20`,
    [orgId, userId, provider],
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)!, expiresAt: iso(r.expiresAt)!, resolvedAt: iso(r.resolvedAt) }));
}

/** A pending request's expiry, for a cached answer that must be read again once one expires. */
export const pendingExpiries = (own: OwnRequest[]) => own.filter((r) => r.state === "pending").map((r) => r.expiresAt);

/** When the first of these passes: an answer that depends on expiry is re-used until then, since no write marks it. */
export const earliest = (dates: (Date | string | null)[]) => Math.min(Infinity, ...dates.map((d) => (d ? new Date(d).getTime() : Infinity)));

/** One request of the org in any state, for its approval page. */
export const readRequestForAdmin = cache(async (userId: string, orgId: string, id: string) => {
  const db = await getDb();
  return asUser(db, userId, async (tx) => (await tx.query<PanelRequest & { state: string; credentialName: string | null }>(
    `select ${PANEL_COLUMNS}, case when state = 'pending' and expires_at <= now() then 'expired' else state end as state,
        credential_name as "credentialName"
       from credential_requests where org_id = $1 and id = $2`,
    [orgId, id],
  )).rows[0] ?? null);
});

/**
 * The header badge, pending requests an admin could act on (0 for members, whom RLS shows none but
 * their own), and the org's newest event id, read first: a request filed after it is streamed, so
 * the badge refreshes. One RLS read, re-used until a change or the first of them expires.
 */
export const readRequestBadge = cache(async (userId: string, orgId: string): Promise<{ eventId: string; pending: number }> => {
  const db = await getDb();
  const read = () => asUser(db, userId, async (tx) => {
    const eventId = await latestEventId(tx, orgId);
    const { rows } = await tx.query<{ n: number; next: Date | null }>(
      `select count(*)::int as n, min(expires_at) as next from credential_requests where org_id = $1 and state = 'pending' and expires_at > now()`, [orgId]);
    return { eventId, pending: rows[0].n, next: rows[0].next };
  });
  const { eventId, pending } = await readThrough(db, `request-badge:${userId}:${orgId}`, read, (r) => earliest([r.next]));
  return { eventId, pending };
});

/** What the requests panel renders: the pending requests and, for each provider asked for, its setup and its Valid credentials. */
export async function readPanel(userId: string, orgId: string, id?: string) {
  const items = await readPendingRequests(userId, orgId, id);
  const ids = [...new Set(items.map((i) => i.provider))];
  const db = await getDb();
  const rows = ids.length ? await asUser(db, userId, (tx) => listIntegrations(tx, orgId)) : [];
  const providers: Record<string, PanelProvider> = {};
  for (const pid of ids) {
    const p = getProvider(pid);
    if (!p) continue;
    const mine = rows.filter((r) => r.provider === pid);
    const integration = nangoIntegrationOf(p);
    providers[pid] = {
      id: p.id, name: p.name, iconSlug: p.iconSlug, steps: p.setupSteps, keysUrl: p.keysUrl, fields: publicFields(p),
      hasDefault: mine.length > 0, oauth: integration ? { integration, configured: nangoPublicConfig(env).configured } : null, valid: mine.filter((r) => r.status === "VALID" && r.isDefault).map((r) => ({ id: r.id, name: r.name })),
    };
  }
  const panelItems: PanelItem[] = items.map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString(), expiresAt: new Date(i.expiresAt).toISOString() }));
  return { items: panelItems, providers };
}
