import { Alert } from "@/components/ui/alert";
import type { SetupView } from "@/actions/integrations/setup-integration";

const TONE = {
  valid: "success",
  valid_but_insufficient: "warning",
  invalid: "error",
  rate_limited: "warning",
  provider_outage: "warning",
  unknown: "warning",
} as const;

/** The provider's verdict on a key: who it belongs to and what it may do, or why it was refused. */
export function CheckVerdict({ ok, message, view }: { ok: boolean; message?: string; view: SetupView }) {
  const details = Object.entries(view.details ?? {});
  return (
    <Alert tone={ok && view.status === "PENDING" ? "warning" : TONE[view.outcome]}>
      <p className="font-medium">{message}</p>
      {ok && view.outcome !== "unknown" && <p className="mt-1">{view.reason}</p>}
      {view.accountLabel && <p className="mt-1">Account: <span className="text-white">{view.accountLabel}</span></p>}
      {details.length > 0 && (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {details.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-fg-muted">{humanize(k)}</dt>
              <dd className="break-words text-white">{Array.isArray(v) ? v.join(", ") : String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Alert>
  );
}

/** "modelCount" -> "Model count": detail keys are camelCase identifiers from the provider file. */
const humanize = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);
