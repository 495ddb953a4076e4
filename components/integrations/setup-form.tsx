"use client";

import { useEffect, useRef, useState } from "react";
import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input, SecretInput, Textarea } from "@/components/ui/input";
import { sameCredentialName } from "@/lib/integrations/same-name";
import type { PublicField } from "@/lib/providers/public";
import { CheckVerdict } from "./check-verdict";

interface Props {
  orgSlug: string;
  providerId: string;
  providerName: string;
  fields: PublicField[];
  hasDefault: boolean;
  /** This provider's credential names: saving under one replaces that credential's key, said before it happens. */
  takenNames?: string[];
  /** Said after "Saved without verifying." where that leaves something open (a credential request). */
  pendingNote?: string;
}

export function SetupForm({ orgSlug, providerId, providerName, fields, hasDefault, takenNames = [], pendingNote }: Props) {
  const [state, submit, pending] = useActionForm(setupIntegrationAction);
  const form = useRef<HTMLFormElement>(null);
  const defaultName = hasDefault ? "" : "default";
  // What was typed in the name, for the hint only: the field stays uncontrolled, so after a save it
  // follows its default again ("" once a default exists), as before. Null: nothing typed since.
  const [typed, setTyped] = useState<string | null>(null);
  // The server trims the name, so " production " is the same credential.
  const name = (typed ?? defaultName).trim();
  const replaces = takenNames.find((taken) => sameCredentialName(taken, name)) ?? null;
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  // The provider could not be asked (outage, rate limit): the key may be kept as PENDING instead.
  const canSkip = state && !state.ok && state.data?.canSkipValidation;

  // Fields survive a "couldn't verify now" answer (the user may then save without verifying);
  // they are cleared once the credential is stored. A rejected key is no use, so its secret fields
  // are cleared, but the name and the other fields stay for the next try.
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      setTyped(null);
    } else if (state?.status === 422) {
      for (const f of fields) {
        if (f.kind !== "secret" && f.kind !== "json") continue;
        const input = form.current?.elements.namedItem(`field.${f.name}`);
        if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) input.value = "";
      }
    }
  }, [state, fields]);

  return (
    <form ref={form} method="post" onSubmit={submit} className="space-y-5" noValidate aria-describedby="setup-result">
      <h2 className="text-lg font-medium text-white">New {providerName} credential</h2>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="provider" value={providerId} />
      {fields.map((f) => (
        <div key={f.name} className="space-y-2">
          <Field label={f.optional ? `${f.label} (optional)` : f.label} hint={hint(f)} error={errors[`field.${f.name}`]?.[0]}>
            {f.kind === "json" ? (
              <Textarea name={`field.${f.name}`} rows={8} placeholder={f.placeholder} spellCheck={false} autoComplete="off" className="font-mono text-xs" />
            ) : f.kind === "secret" ? (
              <SecretInput name={`field.${f.name}`} placeholder={f.placeholder} />
            ) : (
              <Input name={`field.${f.name}`} placeholder={f.placeholder} autoComplete="off" />
            )}
          </Field>
          {f.kept && (
            <label className="flex items-center gap-2 text-sm text-fg-muted">
              <input type="checkbox" name={`clear.${f.name}`} />
              Remove the stored {f.label.toLowerCase()} when replacing a credential of this name
            </label>
          )}
        </div>
      ))}
      <Field
        label="Credential name"
        hint={replaces ? `A ${providerName} credential named “${replaces}” exists: saving replaces its key.` : "Tell several keys apart, e.g. production or staging."}
        error={errors.name?.[0]}
      >
        <Input name="name" defaultValue={defaultName} onChange={(e) => setTyped(e.target.value)} placeholder="production" autoComplete="off" />
      </Field>
      <div id="setup-result" aria-live="polite">
        {state && !state.ok && !state.data && <Alert tone="error">{state.error}</Alert>}
        {state?.data && (
          <CheckVerdict ok={state.ok} view={state.data}
            message={state.ok ? [state.message, state.data.status === "PENDING" && pendingNote].filter(Boolean).join(" ") : state.error} />
        )}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={pending}>Verify and save</Button>
        {canSkip && (
          <Button type="submit" variant="outline" name="skipValidation" value="true" aria-disabled={pending || undefined} aria-describedby="skip-hint">
            Save without verifying
          </Button>
        )}
      </div>
      {canSkip && (
        <p id="skip-hint" className="text-sm text-fg-muted">Saving without verifying stores the key as Pending; Switchboard checks it on the next re-validation.</p>
      )}
    </form>
  );
}

/** A kept field says what a blank does on a replacement, so leaving it empty is never a surprise. */
function hint(f: PublicField): string | undefined {
  if (!f.kept) return f.help;
  const keep = `Replacing a credential of the same name? Leave blank to keep the stored ${f.label.toLowerCase()}.`;
  return f.help ? `${f.help} ${keep}` : keep;
}
