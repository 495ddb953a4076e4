import { LIMIT_KEYS, LIMIT_NOUNS, type LimitKey, type Plan } from "@/lib/billing/plans";
import { cn } from "@/components/ui/cn";

const LABEL: Record<LimitKey, string> = {
  credentials: "Stored credentials",
  members: "Members",
  agents: "Agents",
  webhookSubscriptions: "Webhook subscriptions",
  deploymentsPerMonth: "Deployments per month",
};

interface Props {
  /** null when billing is off: every limit then reads "no limit". */
  plan: Plan | null;
  usage: Record<LimitKey, number | null>;
}

/** Usage against each limit: the numbers in words, with a bar (a progressbar to assistive tech) beside them. */
export function UsageList({ plan, usage }: Props) {
  return (
    <ul className="space-y-4" aria-label="Usage against the plan's limits">
      {LIMIT_KEYS.map((key) => {
        const limit = plan ? plan.limits[key] : null;
        const used = usage[key];
        const text = used === null
          ? limit === null ? "No limit" : `Up to ${limit}`
          : limit === null ? `${used} used, no limit` : `${used} of ${limit} used`;
        const over = used !== null && limit !== null && used > limit;
        const full = used !== null && limit !== null && used >= limit;
        return (
          <li key={key} data-limit={key}>
            <div className="flex items-baseline justify-between gap-4 text-sm">
              <span className="text-white">{LABEL[key]}</span>
              <span className="text-fg-muted">
                {text}
                {over ? " (over the limit: no new ones until back under it)" : full ? " (at the limit)" : ""}
              </span>
            </div>
            {used !== null && limit !== null && (
              <div
                role="progressbar" aria-label={LABEL[key]} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={Math.min(used, limit)}
                aria-valuetext={`${used} of ${limit} ${limit === 1 ? LIMIT_NOUNS[key].one : LIMIT_NOUNS[key].many}`}
                className="mt-1.5 h-2 overflow-hidden rounded-full bg-white/10"
              >
                <div className={cn("h-full rounded-full", full ? "bg-warning" : "bg-accent")} style={{ width: `${Math.min(100, (used / Math.max(limit, 1)) * 100)}%` }} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
