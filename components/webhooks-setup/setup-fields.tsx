"use client";

import { Alert } from "@/components/ui/alert";
import { controlClasses, Field } from "@/components/ui/input";
import type { ActionResult } from "@/lib/safe-action";

/** The credential a setup uses: a choice when the org has several, else the one, as a hidden field. */
export function CredentialChoice({ credentials, value, onChange }: { credentials: { id: string; name: string }[]; value: string; onChange: (id: string) => void }) {
  if (credentials.length <= 1) return <input type="hidden" name="integrationId" value={value} />;
  return (
    <Field label="Credential">
      <select name="integrationId" value={value} onChange={(e) => onChange(e.target.value)} className={controlClasses}>
        {credentials.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    </Field>
  );
}

/** The events a webhook subscribes to, one checkbox each (`event.<name>` fields), with the action's error under them. */
export function EventChoices({ id, choices, value, onChange, error, className }: {
  id: string; choices: readonly string[]; value: string[]; onChange: (events: string[]) => void; error?: string; className: string;
}) {
  const errorId = `${id}-events-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-fg">Events</legend>
      <div className={className}>
        {choices.map((e) => (
          <label key={e} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={`event.${e}`} checked={value.includes(e)} className="focus-ring accent-[#dc2626]"
              onChange={(x) => onChange(x.target.checked ? [...value, e] : value.filter((v) => v !== e))} />
            <code>{e}</code>
          </label>
        ))}
      </div>
      {error && <p id={errorId} role="alert" className="mt-2 text-sm text-error">{error}</p>}
    </fieldset>
  );
}

/** What the setup action answered, read out when it changes. */
export function SetupOutcome({ state }: { state: ActionResult<unknown> | null }) {
  return <div aria-live="polite">{state && (state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert tone="error">{state.error}</Alert>)}</div>;
}
