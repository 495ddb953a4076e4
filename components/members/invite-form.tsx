"use client";

import { createInviteAction } from "@/actions/members/create-invite";
import { CopyField } from "@/components/api-keys/copy-field";
import { useShownOnceForm } from "@/components/forms/use-shown-once-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Field, Input } from "@/components/ui/input";
import { useRevokedInvites } from "./revoked-invites";

/**
 * Creates a one-time invite code, shown here once. Access goes to whoever enters the code, not to
 * whoever registered an email address, since local sign-in cannot prove who owns an address.
 */
export function InviteForm({ orgSlug, joinUrl }: { orgSlug: string; joinUrl: string | null }) {
  const { form, onSubmit, pending, created: last, error, errors } = useShownOnceForm(createInviteAction);
  // A code whose invitation was revoked here since must not stay under "send this code now".
  const { revoked } = useRevokedInvites();
  const created = last && !revoked.has(last.inviteId) ? last : null;

  return (
    <div className="space-y-6">
      {created && (
        <Alert tone="warning" title={`Send this code to ${created.note} now: it is shown only this once.`}>
          <p className="mb-3">
            They sign in or create an account, open{" "}
            {joinUrl ? <span className="break-all text-white">{joinUrl}</span> : <>Join an organization (<code>/orgs/join</code>) on this Switchboard</>} and enter it
            to join as {created.role === "admin" ? "an admin" : "a member"}. It works once, for 7 days.
          </p>
          {!joinUrl && (
            <p className="mb-3">
              APP_URL is not set, so Switchboard does not know the address your teammate reaches it at: send them that address with the code.
            </p>
          )}
          <CopyField label="Invite code" value={created.code} />
        </Alert>
      )}
      <form ref={form} method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="text-lg font-medium text-white">Invite someone</h2>
        <p className="text-sm text-fg-muted">You get a one-time code to send them; it lets one person join, once.</p>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Field label="Who is it for" error={errors.note?.[0]} hint="Their name or team, so you recognise the invitation later." required>
          <Input name="note" autoComplete="off" maxLength={80} />
        </Field>
        <Field label="Role" error={errors.role?.[0]} hint="Admins add, check and delete credentials. Members see statuses only.">
          <select name="role" defaultValue="member" className={controlClasses}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </Field>
        <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
        <Button type="submit" pending={pending} pendingLabel="Creating">Create invite code</Button>
      </form>
    </div>
  );
}
