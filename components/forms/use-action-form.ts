"use client";

import { useActionState, useTransition, type FormEvent } from "react";

/**
 * useActionState, submitted from onSubmit instead of <form action>. React resets a form after a
 * <form action> submission, which would wipe what the user typed whenever we answer "fix this
 * field"; here the fields stay until the caller clears them.
 */
export function useActionForm<S extends { ok: boolean }>(
  action: (prev: S | null, payload: FormData) => Promise<S>,
  // For what must outlive the form, e.g. a toast when the form's row leaves the page on success.
  { onSuccess }: { onSuccess?: (state: S) => void } = {},
) {
  const [state, dispatch, pending] = useActionState(async (prev: S | null, payload: FormData) => {
    const result = await action(prev, payload);
    if (result.ok) onSuccess?.(result);
    return result;
  }, null);
  const [, startTransition] = useTransition();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // Enter in a field submits even while the submit button is busy (it stays focusable): once is enough.
    if (pending) return;
    // The submitter's name and value (e.g. "save without verifying") travel with the form data.
    const data = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  }
  return [state, onSubmit, pending] as const;
}
