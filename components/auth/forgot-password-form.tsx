"use client";

import Link from "next/link";
import { requestPasswordResetAction } from "@/actions/auth/request-password-reset";
import { CheckYourEmail } from "@/components/auth/check-your-email";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

export function ForgotPasswordForm({ problem }: { problem?: string }) {
  const [state, onSubmit, pending] = useActionForm(requestPasswordResetAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  if (state?.ok) return <CheckYourEmail message={state.message} back="Back to sign in" />;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">Reset your password</h1>
      <p className="text-sm text-fg-muted">We will email you a link to choose a new one.</p>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : problem && <Alert tone="error">{problem}</Alert>}
      <Field label="Email" error={errors.email?.[0]}>
        <Input type="email" name="email" autoComplete="email" required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">Email me a link</Button>
      <p className="text-center text-sm text-fg-muted">
        Remembered it? <Link className="text-white underline underline-offset-4" href="/sign-in">Sign in</Link>
      </p>
    </form>
  );
}
