import { GlassPanel } from "@/components/ui/glass-panel";
import type { AuditRow } from "@/lib/audit";
import { formatWhen } from "@/lib/format";

const LABEL: Record<string, string> = {
  "integration.store": "Stored credential",
  "integration.validate": "Validated credential",
  "integration.delete": "Deleted credential",
  "integration.rename": "Renamed credential",
  "integration.set_default": "Made credential the default",
  "integration.decrypt": "Decrypted credential",
  "integration.export": "Exported .env",
  "api_key.create": "Created API key",
  "api_key.revoke": "Revoked API key",
  "org.create": "Created organization",
  "oauth.connect": "Connected with OAuth",
  "oauth.reconnect": "Reconnected OAuth",
  "oauth.refresh_failed": "OAuth token refresh failed",
  "oauth.disconnect": "Disconnected OAuth",
};

export function AuditTrail({ events }: { events: AuditRow[] }) {
  return (
    // On a phone the table scrolls sideways inside its panel, so the panel takes focus for keyboard scrolling.
    <GlassPanel depth={1} className="focus-ring overflow-x-auto" tabIndex={0} role="region" aria-label="Audit events">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Events for this organization, newest first</caption>
        <thead className="text-fg-muted">
          <tr>{["When", "Who", "What", "Provider", "Outcome", "From"].map((h) => <th key={h} scope="col" className="px-4 py-3 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-line">
          {events.map((e) => (
            <tr key={e.id} data-audit={e.action}>
              <td className="whitespace-nowrap px-4 py-2 text-fg-muted">{formatWhen(e.createdAt)}</td>
              <td className="px-4 py-2 text-white">{e.actorEmail ?? (typeof e.metadata.api_key === "string" ? `API key ${e.metadata.api_key}` : "system")}</td>
              <td className="px-4 py-2 text-white">{LABEL[e.action] ?? e.action}{typeof e.metadata.fingerprint === "string" ? ` ${e.metadata.fingerprint}` : ""}</td>
              <td className="px-4 py-2 text-fg-muted">{e.provider ?? ""}</td>
              <td className="px-4 py-2 text-fg-muted">{e.outcome.replaceAll("_", " ")}</td>
              <td className="px-4 py-2 text-fg-muted">{e.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </GlassPanel>
  );
}
