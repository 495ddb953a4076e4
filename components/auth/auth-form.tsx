"use client";

import Link from "next/link";
import { signInAction } from "@/actions/auth/sign-in";
import { signUpAction } from "@/actions/auth/sign-up";
import { CheckYourEmail } from "@/components/auth/check-your-email";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

/**
 * `resetHref`: where a forgotten password is reset (Supabase: an emailed link; local accounts: a
 * one-time code). `notice`: what just happened.
 */
export function AuthForm({ mode, next, resetHref, notice }: { mode: "sign-in" | "sign-up"; next?: string; resetHref?: string; notice?: string }) {
  const [state, onSubmit, pending] = useActionForm(mode === "sign-in" ? signInAction : signUpAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const signIn = mode === "sign-in";
  // Supabase with "Confirm email" on: the account exists but has no session until the link is opened.
  if (state?.ok && state.message) return <CheckYourEmail message={state.message} back="Go to sign in" />;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">{signIn ? "Sign in" : "Create your account"}</h1>
      <p className="text-sm text-fg-muted">
        {signIn ? "Welcome back. Your integrations are waiting." : "One place for every key your software depends on."}
      </p>
      {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : notice && <Alert tone="success">{notice}</Alert>}
      {next && <input type="hidden" name="next" value={next} />}
      <Field label="Email" error={errors.email?.[0]}>
        <Input type="email" name="email" autoComplete="email" required />
      </Field>
      <Field label="Password" error={errors.password?.[0]} hint={signIn || errors.password ? undefined : "At least 12 characters."}>
        <Input type="password" name="password" autoComplete={signIn ? "current-password" : "new-password"} required />
      </Field>
      {signIn && resetHref && (
        <p className="-mt-3 text-right text-sm">
          <Link className="text-fg-muted underline underline-offset-4 hover:text-white" href={resetHref}>Forgot your password?</Link>
        </p>
      )}
      <Button type="submit" pending={pending} className="w-full">
        {signIn ? "Sign in" : "Create account"}
      </Button>
      <p className="text-center text-sm text-fg-muted">
        {signIn ? "New here? " : "Already have an account? "}
        <Link className="text-white underline underline-offset-4" href={`${signIn ? "/sign-up" : "/sign-in"}${next ? `?next=${encodeURIComponent(next)}` : ""}`}>
          {signIn ? "Create an account" : "Sign in"}
        </Link>
      </p>
    </form>
  );
}
