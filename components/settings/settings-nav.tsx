import { NavLink } from "@/components/layout/nav-link";

// Settings sections; add a section here when its page exists.
const SECTIONS = [
  { path: "settings/integrations", label: "Credentials" },
  { path: "settings/members", label: "Members" },
  { path: "settings/api-keys", label: "API keys" },
  { path: "settings/agents", label: "Agents" },
  { path: "settings/export", label: "Export" },
  { path: "settings/audit", label: "Audit log" },
  { path: "settings/billing", label: "Billing" },
  { path: "settings/webhooks/inbound", label: "Inbound webhooks" },
  { path: "settings/webhooks/outgoing", label: "Outgoing webhooks" },
];

export function SettingsNav({ orgSlug }: { orgSlug: string }) {
  return (
    <nav aria-label="Settings" className="mb-6 flex flex-wrap gap-1">
      {SECTIONS.map((s) => (
        <NavLink key={s.path} href={`/${orgSlug}/${s.path}`}>{s.label}</NavLink>
      ))}
    </nav>
  );
}
