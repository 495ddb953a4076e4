import { GlassPanel } from "@/components/ui/glass-panel";
import { formatWhen } from "@/lib/format";
import type { OwnRequest, RequestState } from "@/lib/requests/types";

// A word for every state (never colour alone), and a line saying what it means for the person.
const STATE: Record<RequestState, { word: string; tone: string; text: (r: OwnRequest) => string }> = {
  pending: { word: "Pending", tone: "border-warning/40 text-warning", text: (r) => `Waiting for an owner or admin; open until ${formatWhen(r.expiresAt)}.` },
  fulfilled: { word: "Fulfilled", tone: "border-success/40 text-success", text: (r) => `Added${r.credentialName ? ` as “${r.credentialName}”` : ""}${r.resolvedAt ? ` at ${formatWhen(r.resolvedAt)}` : ""}.` },
  declined: { word: "Declined", tone: "border-error/40 text-error", text: (r) => `An owner or admin declined it${r.resolvedAt ? ` at ${formatWhen(r.resolvedAt)}` : ""}. Ask them if you still need it.` },
  expired: { word: "Expired", tone: "border-line-strong text-fg-muted", text: () => "Nobody answered it in time. Ask again if you still need it." },
  canceled: { word: "Canceled", tone: "border-line-strong text-fg-muted", text: () => "Withdrawn before anyone answered it." },
};

/**
 * The requests a member filed and where each stands: on the integrations page (all of them) and
 * on a provider's page (that provider's). Server-rendered; the page's LiveRefresh follows request.*
 * events, so a request answered meanwhile changes state without a reload.
 */
export function OwnRequests({ requests, names, title = "Your credential requests", className = "mb-8" }: {
  requests: OwnRequest[]; names: Record<string, string>; title?: string; className?: string;
}) {
  if (requests.length === 0) return null;
  return (
    <GlassPanel as="section" depth={2} aria-label={title} className={`${className} p-6`}>
      <h2 className="text-lg font-medium text-white">{title}</h2>
      <p className="mt-1 text-sm text-fg-muted">What you asked for in the last 30 days. Only you and the org&apos;s owners and admins see these.</p>
      <ul className="mt-4 divide-y divide-line">
        {requests.map((r) => {
          const s = STATE[r.state];
          return (
            <li key={r.id} className="flex flex-wrap items-start gap-x-4 gap-y-1 py-3" data-request-state={r.state}>
              <div className="min-w-0 flex-1">
                <p className="font-medium text-white">{names[r.provider] ?? r.provider}</p>
                <p className="text-sm text-fg [overflow-wrap:anywhere]">{r.reason}</p>
                <p className="mt-1 text-xs text-fg-muted">Asked at {formatWhen(r.createdAt)}. {s.text(r)}</p>
              </div>
              <span className={`shrink-0 rounded-full border px-2.5 py-0.5 text-xs font-medium ${s.tone}`}>{s.word}</span>
            </li>
          );
        })}
      </ul>
    </GlassPanel>
  );
}
