"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/safe-action";

/** One button that runs one action with hidden fields; success is a toast, a failure shows beside it. */
export function ActionButton<T>({ action, fields, label, pendingLabel, variant = "secondary", ariaLabel }: {
  action: (prev: ActionResult<T> | null, payload: FormData) => Promise<ActionResult<T>>;
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  ariaLabel?: string;
}) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(action, { onSuccess: (s) => s.ok && s.message && toast({ title: s.message }) });
  return (
    <form method="post" onSubmit={onSubmit} className="inline-flex flex-col gap-1">
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <Button type="submit" size="sm" variant={variant} pending={pending} pendingLabel={pendingLabel} aria-label={ariaLabel}>{label}</Button>
      {state && !state.ok && <p role="alert" className="max-w-xs text-sm text-error">{state.error}</p>}
    </form>
  );
}
