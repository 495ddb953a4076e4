"use client";

import { addMemberAction } from "@/actions/members/add-member";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Field, Input } from "@/components/ui/input";

export function AddMemberForm({ orgSlug }: { orgSlug: string }) {
  const [state, onSubmit, pending] = useActionForm(addMemberAction);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h2 className="text-lg font-medium text-white">Add a member</h2>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <Field label="Email of their Switchboard account" error={errors.email?.[0]}>
        <Input type="email" name="email" autoComplete="off" required />
      </Field>
      <Field label="Role" error={errors.role?.[0]} hint="Admins add, check and delete credentials. Members see statuses only.">
        <select name="role" defaultValue="member" className={controlClasses}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </Field>
      <div aria-live="polite">
        {state && <Alert tone={state.ok ? "success" : "error"}>{state.ok ? state.message : state.error}</Alert>}
      </div>
      <Button type="submit" pending={pending}>Add member</Button>
    </form>
  );
}
