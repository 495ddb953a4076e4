"use client";

import { useEffect, useRef, useState } from "react";
import { renameIntegrationAction } from "@/actions/integrations/rename-integration";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

interface Props { orgSlug: string; provider: string; providerName: string; integrationId: string; name: string }

/** The credential's name, editable in place; the field keeps what was typed when the name is refused. */
export function RenameCredential({ orgSlug, provider, providerName, integrationId, name }: Props) {
  const [editing, setEditing] = useState(false);
  const [state, submit, pending] = useActionForm(renameIntegrationAction);
  const view = useRef<HTMLDivElement>(null);

  // Close on success; the page re-renders with the new name from the server.
  useEffect(() => {
    if (state?.ok) close();
  }, [state]);

  function close() {
    setEditing(false);
    // Focus goes back to the button that opened the editor, so keyboard users keep their place.
    requestAnimationFrame(() => view.current?.querySelector("button")?.focus());
  }

  if (!editing) {
    return (
      <div ref={view} className="flex flex-wrap items-center gap-2">
        {/* Beside Rename in a wrapping row, a flex item: an 80-character name breaks anywhere instead of widening the page. */}
        <p className="min-w-0 font-medium text-white [overflow-wrap:anywhere]">{providerName} · {name}</p>
        <Button size="sm" variant="outline" onClick={() => setEditing(true)} aria-label={`Rename ${providerName} ${name}`}>
          Rename
        </Button>
        {state?.ok && <span role="status" className="min-w-0 text-sm text-fg-muted [overflow-wrap:anywhere]">{state.message}</span>}
      </div>
    );
  }
  // The field's own reasons (the name rule, a name already taken) when the server gave them; the
  // summary sentence ("Check the highlighted fields.") alone would not say what to change.
  const error = state && !state.ok ? state.fieldErrors?.name ?? state.error : undefined;
  return (
    <form method="post" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="integrationId" value={integrationId} />
      {/* autoFocus: focus moves into the field the user just asked to edit. */}
      <Field label={`New name for ${providerName} ${name}`} error={error} className="min-w-56 flex-1">
        <Input autoFocus name="name" defaultValue={name} maxLength={80} autoComplete="off" />
      </Field>
      <Button type="submit" size="sm" pending={pending}>Save name</Button>
      <Button size="sm" variant="outline" onClick={close}>Cancel</Button>
    </form>
  );
}
