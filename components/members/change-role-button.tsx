"use client";

import { useId, useState } from "react";
import { changeMemberRoleAction } from "@/actions/members/change-member-role";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import type { Role } from "@/lib/orgs/queries";

const ROLES: { role: Role; name: string; can: string }[] = [
  { role: "owner", name: "Owner", can: "Everything an admin can, and changes roles, removes people and gives password reset codes." },
  { role: "admin", name: "Admin", can: "Adds, checks, exports and deletes credentials; invites people and creates API keys." },
  { role: "member", name: "Member", can: "Sees statuses only, and can ask for a credential." },
];
const A_ROLE = { owner: "an owner", admin: "an admin", member: "a member" } as const;

/** What a change takes away, said before it happens: the sentence under the choices. */
function consequence(from: Role, to: Role, self: boolean): string | null {
  if (to === from) return null;
  const lost: string[] = [];
  if (from === "owner") lost.push(self ? "You will no longer change roles or remove people." : "They will no longer change roles or remove people.");
  if (to === "member") lost.push(`API keys ${self ? "you" : "they"} created stop working and ${self ? "your" : "their"} open invite codes are revoked, at once.`);
  if (to === "owner" && !self) lost.push("As an owner they can also change your role or remove you.");
  return lost.join(" ") || null;
}

/** An owner gives someone (themselves included) another role, chosen in a dialog that says what it means. */
export function ChangeRoleButton({ orgSlug, userId, email, role, self = false }: { orgSlug: string; userId: string; email: string; role: Role; self?: boolean }) {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<Role>(role);
  const [state, onSubmit, pending] = useActionForm(changeMemberRoleAction, {
    onSuccess: (r) => {
      setOpen(false);
      // The action answers ok with the role already in place when someone made the same change first.
      toast({ title: r.ok && r.data?.changed === false ? "No change" : "Role changed", text: (r.ok && r.message) || `${email} is now ${A_ROLE[choice]}.` });
    },
  });
  const noteId = useId();
  const note = consequence(role, choice, self);
  return (
    <>
      {/* The accessible name starts with the visible words (WCAG label in name; axe checks it). */}
      <Button size="sm" variant="outline" onClick={() => { setChoice(role); setOpen(true); }} aria-label={self ? "Change role (you)" : `Change role of ${email}`}>
        Change role
      </Button>
      <Modal open={open} onClose={() => setOpen(false)} title={self ? "Change your role?" : `Change the role of ${email}?`}
        description={`${self ? "You are" : "They are"} ${A_ROLE[role]} now. A change applies at once, everywhere ${self ? "you are" : "they are"} signed in.`}>
        <form method="post" onSubmit={onSubmit} className="space-y-4">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="userId" value={userId} />
          <fieldset className="space-y-2" aria-describedby={note ? noteId : undefined}>
            <legend className="text-sm font-medium text-white">New role</legend>
            {ROLES.map((r) => (
              <label key={r.role} className="flex items-start gap-3 rounded-lg border border-line p-3 text-sm has-[:checked]:border-line-strong has-[:checked]:bg-white/5">
                <input type="radio" name="role" value={r.role} checked={choice === r.role} onChange={() => setChoice(r.role)} className="focus-ring mt-0.5 size-4 shrink-0 accent-[#dc2626]" />
                <span>
                  <span className="block font-medium text-white">{r.name}{r.role === role && <span className="font-normal text-fg-muted"> (current)</span>}</span>
                  <span className="block text-fg-muted">{r.can}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {note && <p id={noteId} className="text-sm text-warning">{note}</p>}
          <div aria-live="polite">{state && !state.ok && <Alert tone="error">{state.error}</Alert>}</div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" pending={pending} pendingLabel="Changing" disabled={choice === role}>
              {choice === role ? "Choose a new role" : `Make ${self ? "me" : "them"} ${A_ROLE[choice]}`}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
