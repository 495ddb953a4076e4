import { GlassPanel } from "@/components/ui/glass-panel";
import type { AuditAction, AuditRow } from "@/lib/audit";
import { formatWhen } from "@/lib/format";
import { auditOutcome } from "./audit-outcome";

// Every action has its words: a new one without them fails the typecheck instead of showing "agent.create".
const LABEL: Record<AuditAction, string> = {
  "integration.store": "Stored credential",
  // A check whatever its verdict: the Outcome column says how it went.
  "integration.validate": "Checked credential",
  "integration.delete": "Deleted credential",
  "integration.rename": "Renamed credential",
  "integration.set_default": "Changed the default credential",
  "integration.decrypt": "Decrypted credential",
  "integration.export": "Exported .env",
  "api_key.create": "Created API key",
  "api_key.revoke": "Revoked API key",
  "org.create": "Created organization",
  "member.add": "Added member",
  "member.invite": "Invited",
  "member.invite_revoke": "Revoked invitation",
  "member.join": "Joined with an invite code",
  "member.remove": "Removed member",
  // The Outcome column says from which role to which ("admin to member"); the detail names the account.
  "member.role_change": "Changed the role of",
  "member.reset_code": "Reset code created for",
  "member.password_reset": "Password reset with a code for",
  "auth.sign_in_failed": "Failed sign-in as",
  "access.refused": "Refused access",
  "oauth.connect": "Connected with OAuth",
  "oauth.reconnect": "Reconnected OAuth",
  "oauth.refresh_failed": "OAuth token refresh failed",
  "oauth.disconnect": "Disconnected OAuth",
  "billing.plan_change": "Plan changed",
  "stack.analyze_model": "Analyzed a stack with a model",
  "stack.model_setting": "Changed the stack analyzer model setting",
  "webhook.create": "Added webhook subscription",
  "webhook.rotate": "Rotated webhook signing secret",
  "webhook.disable": "Disabled webhook subscription",
  "webhook.enable": "Enabled webhook subscription",
  "webhook.delete": "Deleted webhook subscription",
  "webhook.test": "Sent a test webhook",
  "webhook.replay": "Replayed webhooks",
  "webhook.inbound_create": "Added inbound webhook endpoint",
  "webhook.inbound_delete": "Deleted inbound webhook endpoint",
  "webhook.provider_setup": "Set up a webhook at the provider",
  "request.create": "Requested a credential",
  "request.fulfil": "Fulfilled a credential request",
  "request.decline": "Declined a credential request",
  "request.expire": "Credential request expired",
  "request.cancel": "Canceled a credential request",
  "deployment.create": "Started a deployment",
  "deployment.cancel": "Canceled a deployment",
  "deployment.env_sync": "Synced environment variables",
  "runpod.endpoint_create": "Created RunPod endpoint",
  "runpod.endpoint_delete": "Deleted RunPod endpoint",
  "agent.create": "Created agent",
  "agent.revoke": "Revoked agent",
  "agent.grant": "Granted an integration to agent",
  "agent.grant_revoke": "Revoked an agent's grant",
  // The four below are the agent's own: the Who column names it.
  "agent.call": "Proxied a call",
  "agent.reveal": "Took a credential",
  "agent.env": "Took environment variables",
  "agent.list": "Listed its integrations",
  "agent.refused": "Refused an agent's request",
};

const who = (e: AuditRow) => (e.actorType === "agent" && e.actorName ? `Agent ${e.actorName}` : null) ?? e.actorEmail
  ?? (typeof e.metadata.api_key === "string" ? `API key ${e.metadata.api_key}` : null) ?? (e.actorType === "system" && e.actorName ? e.actorName : "system");
const text = (v: unknown) => (typeof v === "string" && v ? v : null);

// Why a key was revoked without anyone revoking it (the memberships trigger records these).
const REVOKED_BECAUSE: Record<string, string> = {
  creator_removed: "its creator was removed from the org",
  creator_demoted: "its creator is no longer an admin",
  creator_not_admin: "its creator was no longer an admin",
};

// Where each action about one credential records its name as it was then (lib/integrations,
// lib/oauth, lib/agents, ...). Rows that recorded none (older ones, an inbound endpoint's delete)
// fall back on the credential's name now, while it exists.
const NAME_AT_THE_TIME: Partial<Record<AuditAction, string>> = {
  "integration.store": "name", "integration.validate": "name", "integration.delete": "name",
  "integration.set_default": "name", "integration.decrypt": "name",
  "oauth.connect": "name", "oauth.reconnect": "name", "oauth.refresh_failed": "name", "oauth.disconnect": "name",
  "stack.analyze_model": "name", "webhook.provider_setup": "name",
  "agent.reveal": "credential", "agent.call": "credential", "agent.refused": "credential",
  "agent.grant": "credential", "agent.grant_revoke": "credential",
  "webhook.inbound_create": "credential", "webhook.inbound_delete": "credential",
  "request.fulfil": "credential_name",
};

/** The credential's name for an action about one, else null. */
function credentialName(e: Pick<AuditRow, "action" | "metadata" | "credentialName">): string | null {
  const key = NAME_AT_THE_TIME[e.action];
  return key ? text(e.metadata[key]) ?? e.credentialName : null;
}

/** The credential by name, with its fingerprint where the row has one ("production" (sk-…T3Bl)); the fingerprint alone when no name is known. */
function credential(e: Pick<AuditRow, "action" | "metadata" | "credentialName">): string | null {
  const name = credentialName(e);
  const fingerprint = text(e.metadata.fingerprint);
  if (!name) return fingerprint;
  return fingerprint ? `"${name}" (${fingerprint})` : `"${name}"`;
}

/** What the event was about, by name: the key, the credential, the old and new names, the note. */
export function auditDetail(e: Pick<AuditRow, "action" | "metadata"> & { credentialName?: string | null }): string | null {
  const m = e.metadata;
  const row = { ...e, credentialName: e.credentialName ?? null };
  const name = credentialName(row);
  if (e.action === "api_key.create" || e.action === "api_key.revoke") {
    const key = [text(m.name) && `"${text(m.name)}"`, text(m.key_prefix) && `(sbk_${text(m.key_prefix)}_…)`].filter(Boolean).join(" ");
    const because = REVOKED_BECAUSE[text(m.reason) ?? ""];
    return [key || null, because && `: ${because}`].filter(Boolean).join("") || null;
  }
  if (e.action === "integration.rename" && text(m.name)) {
    const renamed = text(m.from) ? `"${text(m.from)}" to "${text(m.name)}"` : `to "${text(m.name)}"`;
    return text(m.fingerprint) ? `${renamed} (${text(m.fingerprint)})` : renamed;
  }
  // Outgoing webhooks (lib/webhooks/subscriptions.ts): the URL without its query, the secret by its last four characters.
  if (e.action === "webhook.create" && text(m.url)) return `for ${text(m.url)}${text(m.secret) ? ` (whsec_${text(m.secret)})` : ""}`;
  if (e.action === "webhook.rotate" && text(m.secret)) return `to whsec_${text(m.secret)}`;
  if (e.action === "webhook.replay" && typeof m.count === "number") return `(${m.count} ${m.count === 1 ? "delivery" : "deliveries"})`;
  if (e.action === "webhook.delete" && text(m.url)) return `for ${text(m.url)}`;
  if (e.action === "webhook.disable" && text(m.reason)) return `: ${text(m.reason)}`;
  if (e.action === "integration.set_default") {
    const to = credential(row);
    return [to && `to ${to}`, text(m.previous) && `from "${text(m.previous)}"`].filter(Boolean).join(", ") || null;
  }
  if (e.action === "webhook.inbound_create" || e.action === "webhook.inbound_delete") {
    return [text(m.name) && `"${text(m.name)}"`, name && `for "${name}"`].filter(Boolean).join(" ") || null;
  }
  if (e.action === "webhook.provider_setup") return name ? `for "${name}"` : null;
  if (e.action === "stack.analyze_model") return name ? `(key "${name}")` : null;
  if (e.action === "request.fulfil") return name ? `with "${name}"` : null;
  // Agents (lib/agents): the agent by name where a person acted on it, the method and path of a call, the credential.
  if (e.action === "agent.grant" || e.action === "agent.grant_revoke") {
    const target = name ? `credential "${name}"` : m.target === "default" ? "the default credential" : null;
    if (e.action === "agent.grant") return [text(m.agent) && `"${text(m.agent)}"`, target && `(${target})`].filter(Boolean).join(" ") || null;
    const about = [text(m.agent) && `agent "${text(m.agent)}"`, target].filter(Boolean).join(", ");
    return about ? `(${about})` : null;
  }
  if (e.action.startsWith("agent.") && text(m.method)) {
    return `(${[text(m.method), text(m.path)].filter(Boolean).join(" ")})${name ? ` with "${name}"` : ""}`;
  }
  if (e.action.startsWith("agent.") && (text(m.agent) ?? text(m.name))) return `"${text(m.agent) ?? text(m.name)}"`;
  if (text(m.requested_org)) return `to ${text(m.requested_org)}`;
  return credential(row) ?? text(m.note) ?? text(m.account);
}

const what = (e: AuditRow) => {
  const detail = auditDetail(e);
  return `${LABEL[e.action] ?? e.action}${detail ? ` ${detail}` : ""}`;
};

/** A table on wider screens; on a phone, where six columns cannot fit, one short card per event. */
/** `providerNames`: provider ids to the names people know them by ("openai" → "OpenAI"), from the page. */
export function AuditTrail({ events, providerNames = {} }: { events: AuditRow[]; providerNames?: Record<string, string> }) {
  const providerName = (e: AuditRow) => (e.provider ? providerNames[e.provider] ?? e.provider : null);
  return (
    <>
      <GlassPanel as="ul" depth={1} className="divide-y divide-line sm:hidden" aria-label="Audit events, newest first">
        {events.map((e) => (
          <li key={e.id} className="space-y-1 px-4 py-3 text-sm">
            <p className="font-medium text-white [overflow-wrap:anywhere]">{what(e)}</p>
            <p className="text-fg-muted [overflow-wrap:anywhere]">{[who(e), providerName(e), auditOutcome(e)].filter(Boolean).join(" · ")}</p>
            <p className="text-fg-muted">{formatWhen(e.createdAt)}{e.ip ? ` from ${e.ip}` : ""}</p>
          </li>
        ))}
      </GlassPanel>
      {/* Between phone and desktop widths the table may scroll sideways, so the panel takes focus for keyboard scrolling. */}
      <GlassPanel depth={1} className="focus-ring hidden overflow-x-auto sm:block" tabIndex={0} role="region" aria-label="Audit events">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Events for this organization, newest first</caption>
          <thead className="text-fg-muted">
            <tr>{["When", "Who", "What", "Provider", "Outcome", "From"].map((h) => <th key={h} scope="col" className="px-4 py-3 font-medium">{h}</th>)}</tr>
          </thead>
          <tbody className="divide-y divide-line">
            {events.map((e) => (
              <tr key={e.id} data-audit={e.action}>
                <td className="whitespace-nowrap px-4 py-2 text-fg-muted">{formatWhen(e.createdAt)}</td>
                {/* Names run to 80 characters without a space (a rename shows two): "anywhere" lets a
                    cell shrink below its longest word, so the table fits its panel instead of scrolling.
                    Who keeps 12rem so a usual email address stays whole while What takes the squeeze. */}
                <td className="min-w-48 px-4 py-2 text-white [overflow-wrap:anywhere]">{who(e)}</td>
                <td className="px-4 py-2 text-white [overflow-wrap:anywhere]">{what(e)}</td>
                <td className="px-4 py-2 text-fg-muted">{providerName(e) ?? <><span aria-hidden="true">—</span><span className="sr-only">none</span></>}</td>
                <td className="px-4 py-2 text-fg-muted">{auditOutcome(e)}</td>
                <td className="px-4 py-2 text-fg-muted">{e.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </GlassPanel>
    </>
  );
}
