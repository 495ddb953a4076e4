"use client";

import { setPasswordAction } from "@/actions/auth/set-password";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

export function SetPasswordForm({ email }: { email: string }) {
  const [state, onSubmit, pending] = useActionForm(setPasswordAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">Choose a new password</h1>
      <p className="text-sm text-fg-muted">For {email}. Saving it ends every session, this one too; then you sign in with it.</p>
      {state && !state.ok && <Alert tone="error">{state.error}</Alert>}
      {/* For password managers: the account this new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label="New password" error={errors.password?.[0]} hint={errors.password ? undefined : "At least 12 characters."}>
        <Input type="password" name="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">Save password</Button>
    </form>
  );
}
