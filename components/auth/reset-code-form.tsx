"use client";

import Link from "next/link";
import { redeemResetCodeAction } from "@/actions/auth/redeem-reset-code";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

/** Local accounts: a new password with a one-time reset code from an org owner or the operator. */
export function ResetCodeForm() {
  const [state, onSubmit, pending] = useActionForm(redeemResetCodeAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">Choose a new password</h1>
      <p className="text-sm text-fg-muted">
        This Switchboard sends no email, so a reset takes a one-time code. Ask an owner of your
        organization for one (Settings, Members), or whoever runs this Switchboard: they
        run <code className="text-white">npm run user:reset-password -- you@example.com</code> on its machine.
        A code works once, for 30 minutes; saving ends every session you had.
      </p>
      {state && !state.ok && <Alert tone="error">{state.error}</Alert>}
      <Field label="Reset code" error={errors.code?.[0]}>
        <Input name="code" autoComplete="one-time-code" spellCheck={false} required />
      </Field>
      <Field label="New password" error={errors.password?.[0]} hint={errors.password ? undefined : "At least 12 characters."}>
        <Input type="password" name="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">Save password</Button>
      <p className="text-center text-sm text-fg-muted">
        <Link className="text-white underline underline-offset-4" href="/sign-in">Back to sign in</Link>
      </p>
    </form>
  );
}
