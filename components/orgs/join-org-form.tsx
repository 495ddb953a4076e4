"use client";

import { acceptInviteAction } from "@/actions/members/accept-invite";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

export function JoinOrgForm() {
  const [state, onSubmit, pending] = useActionForm(acceptInviteAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">Join an organization</h1>
      <p className="text-sm text-fg-muted">Enter the invite code an admin of the organization sent you. Each code works once.</p>
      {state && !state.ok && <Alert tone="error">{state.error}</Alert>}
      <Field label="Invite code" error={errors.code?.[0]}>
        <Input name="code" autoComplete="off" spellCheck={false} className="font-mono" placeholder="sbi_…" required />
      </Field>
      <Button type="submit" pending={pending} pendingLabel="Joining" className="w-full">Join</Button>
    </form>
  );
}
