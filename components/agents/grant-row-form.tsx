"use client";

import { useEffect, useRef, useState } from "react";
import { revokeGrantAction } from "@/actions/agents/revoke-grant";
import { setGrantAction } from "@/actions/agents/set-grant";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { controlClasses, Input, Textarea } from "@/components/ui/input";
import { StatusBadge, type CredentialStatus } from "@/components/ui/status-badge";
import { useToast } from "@/components/ui/toast";
import { GRANT_COLUMNS } from "./grant-columns";

export interface GrantTarget {
  /** "default:<provider>" or a credential id. */
  value: string;
  label: string;
  status: CredentialStatus;
  proxyable: boolean;
  derivedReveal: boolean;
  presets: { id: string; label: string }[];
}

export interface GrantState {
  id: string;
  operations: string[];
  preset: string | null;
  rulesText: string;
  maxUses: number | null;
  uses: number;
  expiresWord: string;
  revealMinutes: number;
  awsRoleArn: string | null;
}

const OPS = [
  { op: "proxy", label: "Proxy", help: "call the API through Switchboard" },
  { op: "reveal", label: "Reveal", help: "receive the secret" },
  { op: "env", label: "Env", help: "pull it as .env" },
] as const;

const LIMIT_FIELDS = ["maxUses", "expiresInDays", "revealMinutes", "awsRoleArn"];

/**
 * One row of an agent's matrix: an integration and the operations granted on it, saved as one
 * grant. With several targets (adding a provider's default), the target is picked first.
 */
export function GrantRowForm({ orgSlug, agentId, targets, grant }: { orgSlug: string; agentId: string; targets: GrantTarget[]; grant: GrantState | null }) {
  const toast = useToast();
  const [picked, setPicked] = useState(targets[0]?.value ?? "");
  const target = targets.find((t) => t.value === picked) ?? targets[0];
  const [preset, setPreset] = useState(grant?.preset ?? (grant?.rulesText ? "custom" : target?.presets[0]?.id ?? "custom"));
  const [state, onSubmit, pending] = useActionForm(setGrantAction, { onSuccess: () => toast({ title: `Saved the grant on ${target.label}` }) });
  const [revokeState, onRevoke, revoking] = useActionForm(revokeGrantAction, { onSuccess: () => toast({ title: `Revoked the grant on ${target.label}` }) });
  // A wrong limit must be seen: Limits opens on every answer that refuses one of its fields, also
  // when it was closed again after the last (an open attribute that stays true would not reopen it).
  const limits = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const refused = state && !state.ok ? state.fieldErrors ?? {} : {};
    if (LIMIT_FIELDS.some((name) => refused[name]) && limits.current) limits.current.open = true;
  }, [state]);
  if (!target) return null;
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const rowId = `grant-${target.value.replace(/[^a-z0-9]/gi, "")}`;
  // The field's own sentence under it, tied to it for screen readers (unless the row's alert says just that).
  const fieldSays = (name: string) => {
    const said = errors[name]?.[0];
    return said && !(state && !state.ok && state.error === said) ? said : null;
  };
  const problem = (name: string) => fieldSays(name) && <span id={`${rowId}-${name}-error`} className="mt-1 block text-xs text-error">{fieldSays(name)}</span>;
  const invalid = (name: string) => errors[name] ? { "aria-invalid": true, "aria-describedby": fieldSays(name) ? `${rowId}-${name}-error` : undefined } : {};
  return (
    <li className="p-4" data-grant-target={target.value}>
      <form method="post" onSubmit={onSubmit} className={`grid gap-3 ${GRANT_COLUMNS} lg:items-start`} aria-labelledby={`${rowId}-label`}>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="agentId" value={agentId} />
        <div className="min-w-0 space-y-1">
          {targets.length > 1 ? (
            <label className="block text-sm">
              <span id={`${rowId}-label`} className="text-fg-muted">Add a provider&apos;s default</span>
              <select name="target" value={picked} onChange={(e) => setPicked(e.target.value)} className={controlClasses} {...invalid("target")}>
                {targets.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
              </select>
              {problem("target")}
            </label>
          ) : (
            <>
              <input type="hidden" name="target" value={target.value} />
              <p id={`${rowId}-label`} className="text-white">{target.label}</p>
              <StatusBadge status={target.status} />
            </>
          )}
          {grant && <p className="text-xs text-fg-muted">{grant.maxUses ? `${grant.uses} of ${grant.maxUses} uses` : `${grant.uses} uses`} · {grant.expiresWord}</p>}
        </div>
        {OPS.map(({ op, label, help }) => {
          const disabled = op === "proxy" && !target.proxyable;
          return (
            <label key={op} className={`flex items-start gap-2 text-sm ${disabled ? "opacity-50" : ""}`} title={disabled ? "Switchboard does not proxy this provider" : help}>
              <input type="checkbox" name={`op.${op}`} defaultChecked={grant?.operations.includes(op) ?? false} disabled={disabled} className="focus-ring mt-1 accent-[#dc2626]" />
              <span><span className="text-white">{label}</span><span className="sr-only">: {help}</span></span>
            </label>
          );
        })}
        <div className="space-y-2 text-sm">
          {target.proxyable && (
            <label className="block">
              <span className="text-fg-muted">Proxy operations</span>
              <select name="preset" value={preset} onChange={(e) => setPreset(e.target.value)} className={controlClasses} {...invalid("preset")}>
                {target.presets.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
                <option value="custom">Custom rules</option>
              </select>
              {problem("preset")}
            </label>
          )}
          {target.proxyable && preset === "custom" && (
            <label className="block">
              <span className="text-fg-muted">Rules, one per line (GET,POST /v1/**)</span>
              <Textarea name="rules" rows={3} defaultValue={grant?.rulesText ?? ""} spellCheck={false} {...invalid("rules")} />
              {problem("rules")}
            </label>
          )}
          <details ref={limits}>
            <summary className="focus-ring cursor-pointer rounded text-fg-muted">Limits</summary>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              <label className="block"><span className="text-fg-muted">Max uses</span>
                <Input name="maxUses" inputMode="numeric" defaultValue={grant?.maxUses ?? ""} placeholder="No limit" {...invalid("maxUses")} />{problem("maxUses")}</label>
              <label className="block"><span className="text-fg-muted">Expires</span>
                <select name="expiresInDays" defaultValue={grant ? "keep" : "30"} className={controlClasses} {...invalid("expiresInDays")}>
                  {grant && <option value="keep">Keep as is ({grant.expiresWord})</option>}
                  <option value="1">In a day</option><option value="7">In 7 days</option><option value="30">In 30 days</option>
                  <option value="90">In 90 days</option><option value="365">In a year</option><option value="never">Never</option>
                </select>{problem("expiresInDays")}</label>
              {target.derivedReveal && (
                <>
                  <label className="block"><span className="text-fg-muted">Derived credential lasts (minutes)</span>
                    <Input name="revealMinutes" inputMode="numeric" defaultValue={grant?.revealMinutes ?? 15} {...invalid("revealMinutes")} />{problem("revealMinutes")}</label>
                  <label className="block"><span className="text-fg-muted">Role to assume (optional)</span>
                    <Input name="awsRoleArn" defaultValue={grant?.awsRoleArn ?? ""} placeholder="arn:aws:iam::123456789012:role/name" spellCheck={false} {...invalid("awsRoleArn")} />{problem("awsRoleArn")}</label>
                </>
              )}
            </div>
          </details>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="sm" pending={pending} pendingLabel="Saving">{grant ? "Save" : "Grant"}</Button>
        </div>
        <div aria-live="polite" className="lg:col-span-6">
          {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
          {revokeState && !revokeState.ok && <p role="alert" className="text-sm text-error">{revokeState.error}</p>}
        </div>
      </form>
      {grant && (
        <form method="post" onSubmit={onRevoke} className="mt-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="grantId" value={grant.id} />
          <Button type="submit" size="sm" variant="outline" pending={revoking} aria-label={`Revoke the grant on ${target.label}`}>Revoke grant</Button>
        </form>
      )}
    </li>
  );
}
