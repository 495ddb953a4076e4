"use client";

import { useEffect, useRef } from "react";
import type { ActionResult } from "@/lib/safe-action";
import { useActionForm } from "./use-action-form";

/**
 * A form that creates something shown only once (an invite code, an API key): what was created,
 * the failure and its field errors otherwise, and the form cleared once it succeeded so it is ready for the next.
 */
export function useShownOnceForm<T>(action: (prev: ActionResult<T> | null, payload: FormData) => Promise<ActionResult<T>>) {
  const [state, onSubmit, pending] = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  const created = state?.ok ? state.data : null;
  useEffect(() => {
    if (created) form.current?.reset();
  }, [created]);
  const failed = state && !state.ok ? state : null;
  return { form, onSubmit, pending, created, error: failed?.error ?? null, errors: failed?.fieldErrors ?? {} };
}
