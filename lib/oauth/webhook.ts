import { createHash } from "node:crypto";
import type { Nango } from "@nangohq/node";
import { z } from "zod";
import { writeAudit, type Actor } from "@/lib/audit";
import { checkPlanLimit } from "@/lib/billing/limits";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { applyCheckToNotifications } from "@/lib/integrations/notifications";
import { recordCheck } from "@/lib/integrations/queries";
import { providers } from "@/lib/providers";
import { fulfilPendingRequests } from "@/lib/requests/queries";
import { plainText } from "@/lib/zod/text";
import { nangoIntegrationOf } from "./nango";
import { findByConnection, insertConnection, recordDelivery } from "./queries";

export interface WebhookReply { status: number; body: { ok: boolean; result: string } }

// The subset of Nango's auth webhook (NangoAuthWebhookBody in @nangohq/types) that Switchboard reads.
const authWebhook = z.object({
  type: z.literal("auth"),
  connectionId: plainText().min(1).max(255),
  providerConfigKey: plainText().min(1).max(255),
  operation: z.string(),
  success: z.boolean(),
  tags: z.record(z.string(), z.string()).nullish(),
  endUser: z.object({ endUserId: z.string().nullish(), organizationId: z.string().nullish() }).nullish(),
  error: z.object({ type: z.string().nullish(), description: z.string().nullish() }).nullish(),
});
type AuthWebhook = z.infer<typeof authWebhook>;

const uuid = z.uuid();
const reply = (status: number, result: string): WebhookReply => ({ status, body: { ok: status < 400, result } });

/**
 * Nango's auth webhook. The signature is checked before anything else (the database is not even
 * opened for an unsigned request); then each delivery is applied at most once, in one transaction
 * with its audit event. Unknown orgs or connections get 200 so Nango stops retrying what can never apply.
 */
export async function handleNangoWebhook(
  nango: Nango | null, openDb: () => Promise<Db>, raw: string, headers: Record<string, string>, actor: Actor,
): Promise<WebhookReply> {
  if (!nango) return reply(503, "Nango is not configured on this server.");
  if (!nango.verifyIncomingWebhookRequest(raw, headers)) return reply(401, "Bad signature.");
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return reply(400, "Body is not JSON.");
  }
  if ((json as { type?: unknown })?.type !== "auth") return reply(200, "ignored: not an auth webhook");
  const parsed = authWebhook.safeParse(json);
  if (!parsed.success) return reply(400, "Not an auth webhook Switchboard understands.");
  const hook = parsed.data;
  const hash = createHash("sha256").update(raw).digest("hex");
  const db = await openDb();
  return db.transaction(async (tx) => {
    if (!(await recordDelivery(tx, hash, hook.connectionId, hook.operation))) return reply(200, "duplicate");
    return apply(tx, hook, actor);
  });
}

async function apply(db: Db, hook: AuthWebhook, actor: Actor): Promise<WebhookReply> {
  const row = await findByConnection(db, hook.providerConfigKey, hook.connectionId);
  const tags = hook.tags ?? {};
  const who = { ...actor, userId: uuid.safeParse(tags.end_user_id ?? hook.endUser?.endUserId).data ?? null };
  const connection = hook.connectionId.slice(0, 8);

  if (hook.success && (hook.operation === "creation" || hook.operation === "override")) {
    if (row) {
      await recordCheck(db, row.orgId, row.id, { status: "VALID", outcome: "valid", reason: "Connected through Nango." });
      await applyCheckToNotifications(db, { orgId: row.orgId, integrationId: row.id, previous: row.status, status: "VALID", reason: "", actorUserId: who.userId });
      await writeAudit(db, who, { orgId: row.orgId, action: "oauth.reconnect", provider: row.provider, integrationId: row.id, outcome: "valid", metadata: { name: row.name, connection } });
      // Valid again, like a first connection: it answers the provider's pending requests (if it is the default).
      await fulfilPendingRequests(db, who, { orgId: row.orgId, integrationId: row.id, provider: row.provider, name: row.name });
      return reply(200, "reconnected");
    }
    const orgId = uuid.safeParse(tags.organization_id ?? hook.endUser?.organizationId).data;
    const provider = providers.find((p) => nangoIntegrationOf(p) === hook.providerConfigKey && (!tags.switchboard_provider || tags.switchboard_provider === p.id));
    if (!orgId || !provider || !(await orgExists(db, orgId))) return reply(200, "ignored: no matching organization or provider");
    const name = (tags.credential_name?.trim() || "oauth").slice(0, 80);
    // The connect session was checked against the plan; two sessions started side by side can
    // both pass that check, so the count is taken again here, under the org's row lock.
    const hit = await checkPlanLimit(db, orgId, "credentials");
    if (hit) {
      await writeAudit(db, who, { orgId, action: "oauth.connect", provider: provider.id, outcome: "plan_limit", metadata: { name, connection, plan: hit.plan, limit: hit.limit } });
      return reply(200, "ignored: plan limit reached");
    }
    const id = await insertConnection(db, {
      orgId, provider: provider.id, name, nangoIntegration: hook.providerConfigKey, connectionId: hook.connectionId,
      accountLabel: tags.end_user_email ? `Connected by ${tags.end_user_email}` : "Connected through Nango",
    });
    await writeAudit(db, who, { orgId, action: "oauth.connect", provider: provider.id, integrationId: id, outcome: id ? "valid" : "name_taken", metadata: { name, connection } });
    return reply(200, id ? "connected" : "ignored: credential name taken");
  }

  if (!hook.success && hook.operation === "refresh" && row) {
    // The provider's own words (e.g. invalid_grant) say why; they never contain a token.
    const why = [hook.error?.type, hook.error?.description].filter(Boolean).join(": ").slice(0, 300) || "no reason given";
    const reason = `Nango could not refresh the token (${why}). Reconnect to repair it.`;
    await recordCheck(db, row.orgId, row.id, { status: "INVALID", outcome: "invalid", reason });
    // Same notice as a pasted key that stops working: admins see it until a reconnect repairs it.
    await applyCheckToNotifications(db, { orgId: row.orgId, integrationId: row.id, previous: row.status, status: "INVALID", reason, actorUserId: null });
    await appendEvent(db, { orgId: row.orgId, type: "oauth.refresh_failed", data: { integrationId: row.id, provider: row.provider, name: row.name } });
    await writeAudit(db, { ...actor, userId: null }, { orgId: row.orgId, action: "oauth.refresh_failed", provider: row.provider, integrationId: row.id, outcome: "invalid", metadata: { name: row.name, connection } });
    return reply(200, "marked invalid");
  }
  return reply(200, `ignored: ${hook.operation} ${hook.success ? "success" : "failure"}`);
}

async function orgExists(db: Db, orgId: string): Promise<boolean> {
  return (await db.query(`select 1 from organizations where id = $1`, [orgId])).rows.length > 0;
}
