"use client";

import { removeMemberAction } from "@/actions/members/remove-member";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

export function RemoveMemberButton({ orgSlug, userId, email }: { orgSlug: string; userId: string; email: string }) {
  const [state, onSubmit, pending] = useActionForm(removeMemberAction);
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="userId" value={userId} />
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
      <Button type="submit" size="sm" variant="outline" pending={pending} aria-label={`Remove ${email}`}>Remove</Button>
    </form>
  );
}
