"use client";

import { useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/safe-action";

/**
 * Revoke, with one confirmation in a dialog ("Keep it" or `confirm`); a toast says it is done,
 * since the row the button sits in may leave the page. `fields` go as hidden inputs with orgSlug;
 * `label` names the button for a screen reader ("Revoke" alone says not what).
 */
export function RevokeButton<T>({ orgSlug, fields, action, label, title, description, confirm, done, onRevoked }: {
  orgSlug: string; fields: Record<string, string>;
  action: (prev: ActionResult<T> | null, payload: FormData) => Promise<ActionResult<T>>;
  label: string; title: string; description: string; confirm: string;
  done: { title: string; text: string }; onRevoked?: () => void;
}) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(action, {
    onSuccess: () => {
      onRevoked?.();
      toast(done);
    },
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={label}>Revoke</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={title} description={description}>
        <form method="post" onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          {Object.entries(fields).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>{confirm}</Button>
        </form>
      </Modal>
    </>
  );
}
