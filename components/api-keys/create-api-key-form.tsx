"use client";

import { createApiKeyAction } from "@/actions/api-keys/create-api-key";
import { useShownOnceForm } from "@/components/forms/use-shown-once-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Field, Input } from "@/components/ui/input";
import { CopyField } from "./copy-field";

const SCOPE_HELP = [
  { scope: "read", label: "Read", help: "List integrations and their statuses." },
  { scope: "write", label: "Write", help: "Set up, re-validate and delete credentials." },
  { scope: "export", label: "Export", help: "Download the .env with every secret (switchboard pull)." },
  { scope: "request", label: "Request", help: "Ask admins for a missing credential and wait for it (switchboard wait-for)." },
];

/** Creates a key; the key is shown here once, with a copy button, and never again. */
export function CreateApiKeyForm({ orgSlug }: { orgSlug: string }) {
  const { form, onSubmit, pending, created, error, errors } = useShownOnceForm(createApiKeyAction);

  return (
    <div className="space-y-6">
      {created && (
        <Alert tone="warning" title={`Copy the key “${created.name}” now: it is shown only this once.`}>
          <p className="mb-3">Switchboard keeps only a hash of it. If it is lost, revoke it and create another.</p>
          <CopyField label="New API key" value={created.key} />
        </Alert>
      )}
      <form ref={form} method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="text-lg font-medium text-white">Create an API key</h2>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Field label="Name" error={errors.name?.[0]} hint="Where it will be used, e.g. CI deploys or a laptop." required>
          <Input name="name" autoComplete="off" maxLength={80} />
        </Field>
        <fieldset aria-describedby={errors.scopes ? "scopes-error" : undefined}>
          <legend className="text-sm font-medium text-fg">Scopes</legend>
          <div className="mt-2 space-y-2">
            {SCOPE_HELP.map((s) => (
              <label key={s.scope} className="flex items-start gap-3 text-sm">
                <input type="checkbox" name={`scope.${s.scope}`} defaultChecked={s.scope === "read"} className="focus-ring mt-1 accent-[#dc2626]" />
                <span><span className="text-white">{s.label}</span> <span className="text-fg-muted">{s.help}</span></span>
              </label>
            ))}
          </div>
          {errors.scopes && <p id="scopes-error" role="alert" className="mt-2 text-sm text-error">{errors.scopes[0]}</p>}
        </fieldset>
        <Field label="Expires" error={errors.expiresInDays?.[0]}>
          <select name="expiresInDays" defaultValue="90" className={controlClasses}>
            <option value="7">In 7 days</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="never">Never</option>
          </select>
        </Field>
        <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
        <Button type="submit" pending={pending} pendingLabel="Creating">Create key</Button>
      </form>
    </div>
  );
}
