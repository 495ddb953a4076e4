"use client";

import { useState, useTransition } from "react";
import { applyEnvSyncAction } from "@/actions/deployments/apply-env-sync";
import { planEnvSyncAction } from "@/actions/deployments/plan-env-sync";
import type { SyncAction, SyncPlan } from "@/lib/deployments/vercel/env-sync";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const TARGETS = ["production", "preview", "development"] as const;

// A word and a mark per action, so the diff reads without colour.
const ACTION_LOOK: Record<SyncAction, { word: string; mark: string; tone: string }> = {
  add: { word: "Add", mark: "+", tone: "text-success" },
  update: { word: "Update", mark: "~", tone: "text-warning" },
  unchanged: { word: "Unchanged", mark: "=", tone: "text-fg-muted" },
};

/**
 * Env sync for one Vercel project: choose targets, see what would change (names, targets and
 * which credential; values never reach the browser), apply. Applying again finds nothing to do.
 */
export function EnvSyncPanel({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const [targets, setTargets] = useState<string[]>(["production", "preview"]);
  const [plan, setPlan] = useState<SyncPlan | null>(null);
  // Null: every default credential's variables except those left out; else exactly these names.
  const [names, setNames] = useState<string[] | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const input = (chosen = names) => ({ orgSlug, projectId, targets: targets.join(","), ...(chosen ? { names: chosen.join(",") } : {}) });

  const show = (chosen = names) => start(async () => {
    setMessage(null);
    setNames(chosen);
    const r = await planEnvSyncAction(null, input(chosen));
    if (r.ok) setPlan(r.data);
    else setMessage({ tone: "error", text: r.fieldErrors?.targets?.[0] ?? r.error });
  });
  const apply = () => start(async () => {
    const r = await applyEnvSyncAction(null, input());
    if (r.ok) {
      setPlan(null);
      setMessage({ tone: "success", text: r.message ?? "Synced." });
    } else setMessage({ tone: "error", text: r.error });
  });
  const changes = plan?.items.filter((i) => i.action !== "unchanged").length ?? 0;
  const warnings = [...new Set(plan?.items.flatMap((i) => (i.warning ? [i.key] : [])) ?? [])];
  const planned = [...new Set(plan?.items.map((i) => i.key) ?? [])];
  const include = (key: string) => show([...planned, key]);

  return (
    <section aria-labelledby="env-sync-title" className="space-y-4">
      <div>
        <h3 id="env-sync-title" className="text-lg font-semibold text-white">Env sync</h3>
        <p className="text-sm text-fg-muted">Writes the env variables of each default credential into this project as sensitive variables (encrypted for development). Variables Switchboard does not manage are left alone.</p>
      </div>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-2 text-sm text-fg-muted">Targets</legend>
        {TARGETS.map((t) => (
          <label key={t} className="flex items-center gap-2 text-sm text-white">
            <input
              type="checkbox" name="targets" value={t} checked={targets.includes(t)} className="size-4 accent-[#dc2626] focus-ring"
              onChange={(e) => { setPlan(null); setTargets((cur) => (e.target.checked ? [...cur, t] : cur.filter((x) => x !== t))); }}
            />
            <span className="capitalize">{t}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={() => show()} pending={pending && !plan} pendingLabel="Comparing">Show changes</Button>
        {plan && <Button type="button" onClick={apply} pending={pending} pendingLabel="Syncing" disabled={changes === 0}>{changes === 0 ? "Nothing to sync" : `Apply ${changes} change${changes === 1 ? "" : "s"}`}</Button>}
      </div>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {plan && warnings.length > 0 && (
        <Alert tone="warning" title={`${warnings.join(", ")} is the token Switchboard deploys with`}>
          {plan.items.find((i) => i.warning)!.warning}{" "}
          <button type="button" onClick={() => show(null)} className="font-medium text-white underline focus-ring">Leave it out</button>
        </Alert>
      )}
      {plan && (
        // relative keeps the sr-only caption inside the scroller (see the GPU table).
        <div className="relative overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">What the sync would do to {plan.project.name}</caption>
            <thead className="text-fg-muted">
              <tr><th scope="col" className="py-2 pr-4 font-medium">Change</th><th scope="col" className="py-2 pr-4 font-medium">Variable</th><th scope="col" className="py-2 pr-4 font-medium">Targets</th><th scope="col" className="py-2 pr-4 font-medium">From</th><th scope="col" className="py-2 font-medium">Why</th></tr>
            </thead>
            <tbody>
              {plan.items.map((i) => {
                const look = ACTION_LOOK[i.action];
                return (
                  <tr key={`${i.key}:${i.envId ?? i.targets.join(",")}`} data-action={i.action} className="border-t border-line">
                    <td className={`whitespace-nowrap py-2 pr-4 font-medium ${look.tone}`}><span aria-hidden="true" className="mr-1.5 font-mono">{look.mark}</span>{look.word}</td>
                    <td className="whitespace-nowrap py-2 pr-4 font-mono text-white">{i.key}{i.warning && <span className="ml-2 font-sans text-xs font-medium text-warning">deploy token</span>}</td>
                    <td className="py-2 pr-4 text-fg-muted">{i.targets.join(", ")}</td>
                    <td className="whitespace-nowrap py-2 pr-4 text-white">{i.credentialName}{i.fingerprint && <span className="ml-1 font-mono text-fg-muted">{i.fingerprint}</span>}</td>
                    <td className="min-w-48 py-2 text-fg-muted">{i.why}</td>
                  </tr>
                );
              })}
              {plan.items.length === 0 && <tr><td colSpan={5} className="py-3 text-fg-muted">{plan.leftOut.length ? "Nothing else to sync: every variable is left out below." : "No default credential has env variables to sync."}</td></tr>}
            </tbody>
          </table>
          {plan.leftOut.length > 0 && (
            <div className="mt-3 text-sm text-fg-muted">
              <p>Left out:</p>
              <ul className="mt-1 space-y-1">
                {plan.leftOut.map((l) => (
                  <li key={l.key} data-left-out={l.key}>
                    <span className="font-mono text-white">{l.key}</span> from {l.credentialName}: {l.why}{" "}
                    <button type="button" onClick={() => include(l.key)} className="text-white underline focus-ring">Include it anyway</button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {plan.unmanaged.length > 0 && (
            <p className="mt-3 text-sm text-fg-muted">Left alone (not managed by Switchboard): <span className="font-mono text-white">{plan.unmanaged.map((u) => u.key).join(", ")}</span></p>
          )}
        </div>
      )}
    </section>
  );
}
