"use client";

import { createAgentAction } from "@/actions/agents/create-agent";
import { CopyField } from "@/components/api-keys/copy-field";
import { useShownOnceForm } from "@/components/forms/use-shown-once-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Field, Input, Textarea } from "@/components/ui/input";

/** Creates an agent; its token is shown here once, with a copy button, and never again. */
export function CreateAgentForm({ orgSlug }: { orgSlug: string }) {
  const { form, onSubmit, pending, created, error, errors } = useShownOnceForm(createAgentAction);
  return (
    <div className="space-y-6">
      {created && (
        <Alert tone="warning" title={`Copy the token of ${created.name} now: it is shown only this once.`}>
          <p className="mb-3">Switchboard keeps only a hash of it. The agent sends it as <code>Authorization: Bearer …</code>. Next, give it integrations on <a className="text-white underline" href={`/${orgSlug}/settings/agents/${created.agentId}`}>its page</a>.</p>
          <CopyField label="Agent token" value={created.token} />
        </Alert>
      )}
      <form ref={form} method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="text-lg font-medium text-white">Create an agent</h2>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Field label="Name" error={errors.name?.[0]} hint="What it is, e.g. support-bot or CI reviewer. Shown in the audit log." required>
          <Input name="name" autoComplete="off" maxLength={80} />
        </Field>
        <Field label="Description" error={errors.description?.[0]} hint="Optional: what it does and who runs it.">
          <Input name="description" autoComplete="off" maxLength={280} />
        </Field>
        <Field label="Expires" error={errors.expiresInDays?.[0]}>
          <select name="expiresInDays" defaultValue="90" className={controlClasses}>
            <option value="1">In a day</option>
            <option value="7">In 7 days</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="never">Never</option>
          </select>
        </Field>
        {/* Every wrong line at once (the schema checks each), so a pasted list is fixed in one go. */}
        <Field label="Allowed source addresses" error={errors.allowedCidrs} hint="Optional: addresses or CIDR blocks, one per line (203.0.113.0/24). Empty accepts any address.">
          <Textarea name="allowedCidrs" rows={2} spellCheck={false} />
        </Field>
        <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
        <Button type="submit" pending={pending} pendingLabel="Creating">Create agent</Button>
      </form>
    </div>
  );
}
