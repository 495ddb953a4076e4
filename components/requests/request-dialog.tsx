"use client";

import { useEffect, useRef } from "react";
import { requestMissingAction } from "@/actions/stack/request-missing";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { Modal } from "@/components/ui/modal";

export interface RequestTarget {
  id: string;
  name: string;
}

type Props = {
  orgSlug: string;
  providers: RequestTarget[];
  /**
   * An example reason, as the field's placeholder only. The field starts empty: a reason filled in
   * for the person would reach the admins as if they had written it, saying nothing about the need.
   */
  placeholder: string;
  onClose(): void;
  /** Told the sentence to show once the request is filed (the dialog then closes). */
  onDone(message: string): void;
};

/**
 * "Request from a teammate": a person says why in one sentence, shown to the admins on their
 * requests panel, and one request per provider is filed through the requests service (coalesced
 * with this person's pending ones, limited and audited like requests made through the API).
 */
export function RequestDialog({ orgSlug, providers, placeholder, onClose, onDone }: Props) {
  // Submitted from onSubmit: a <form action> would empty the field when the server refuses the
  // reason typed, so the sentence at the field would describe text no longer there.
  const [state, onSubmit, pending] = useActionForm(requestMissingAction);
  // The caller's callback of the latest render; only a new answer fires it.
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    if (state?.ok) done.current(state.message ?? "Asked the admins.");
  }, [state]);
  const names = providers.map((p) => p.name).join(", ");
  const error = state && !state.ok ? state : null;
  return (
    <Modal open onClose={onClose} title={providers.length === 1 ? `Request ${names} from a teammate` : `Request ${providers.length} credentials from a teammate`}
      description={`The organization's owners and admins see your request on their integrations page and add ${providers.length === 1 ? "the key" : "the keys"} there.`}>
      {/* noValidate: an empty reason gets the server's sentence at the field, not the browser's bubble. */}
      <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        {/* One field, comma-separated: a form's repeated names would reach the action as the last one only. */}
        <input type="hidden" name="providers" value={providers.map((p) => p.id).join(",")} />
        {providers.length > 1 && <p className="text-sm text-fg">{names}</p>}
        <Field label="Why is it needed?" hint="One sentence, shown to the admin who adds it." error={error?.fieldErrors?.reason?.[0]} required>
          <Input name="reason" maxLength={280} placeholder={placeholder} autoComplete="off" />
        </Field>
        {error && !error.fieldErrors?.reason && <Alert tone="error">{error.fieldErrors?.providers?.[0] ?? error.error}</Alert>}
        <div className="flex justify-end gap-3">
          <Button variant="outline" onClick={onClose}>Cancel</Button>
          <Button type="submit" pending={pending} pendingLabel="Sending">Send request</Button>
        </div>
      </form>
    </Modal>
  );
}
