"use client";

import { useActionState, useState, useTransition } from "react";
import { analyzeStackAction } from "@/actions/stack/analyze-stack";
import { setStackModelAction } from "@/actions/stack/set-stack-model";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { GlassCard } from "@/components/ui/glass-card";
import { GlassPanel } from "@/components/ui/glass-panel";
import { RequestDialog, type RequestTarget } from "@/components/requests/request-dialog";
import { Field, Textarea } from "@/components/ui/input";
import { StatusBadge } from "@/components/ui/status-badge";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import type { StackAnalysis, OrgProposedIntegration } from "@/lib/stack/types";

type Props = { orgSlug: string; isAdmin: boolean; modelEnabled: boolean };

// Only an example: the person says what the app needs it for (the admins read it).
const REASON_EXAMPLE = "e.g. Checkout and receipts in the app described above";

const NEEDS_A_KEY = new Set<IntegrationStatus>(["NOT_CONFIGURED", "INVALID"]);

// What the org already has, said beside the status, so a stored key is never offered as missing.
const STORED: Partial<Record<IntegrationStatus, { admin: string; member: string }>> = {
  PENDING: {
    admin: "A key is stored but was saved without verifying. Re-validate it to know whether it works.",
    member: "A key is stored but was saved without verifying. An owner or admin can re-validate it.",
  },
  INVALID: {
    admin: "The stored key was rejected by the provider. Replace it with one that works.",
    member: "The stored key was rejected by the provider. Ask for one that works.",
  },
};

/** "What does your app need?": paste a description, get the tiles to connect (lib/stack). */
export function StackAnalyzer({ orgSlug, isAdmin, modelEnabled }: Props) {
  const [result, analyze, analyzing] = useActionState(analyzeStackAction, null);
  const [requested, setRequested] = useState<string | null>(null);
  const [asking, setAsking] = useState<RequestTarget[] | null>(null);
  const [model, setModel] = useState(modelEnabled);
  // Controlled: React resets a form after its action runs, and the description should stay beside its tiles.
  const [description, setDescription] = useState("");
  const [busy, startTransition] = useTransition();
  const analysis: StackAnalysis | null = result?.ok ? result.data : null;
  // Without a key that could work: a Pending one is stored, waiting for a check, not missing.
  const missing = analysis ? analysis.groups.flatMap((g) => g.integrations).filter((i) => NEEDS_A_KEY.has(i.status)) : [];

  const ask = (items: OrgProposedIntegration[]) => {
    setRequested(null);
    setAsking(items.map((i) => ({ id: i.provider, name: i.name })));
  };
  const toggle = () =>
    startTransition(async () => {
      const r = await setStackModelAction(null, { orgSlug, enabled: !model });
      if (r.ok) setModel(r.data.enabled);
    });

  return (
    <GlassPanel as="section" aria-labelledby="stack-title" className="mb-10 p-6">
      <h2 id="stack-title" className="text-xl font-semibold text-white">What does your app need?</h2>
      <p className="mt-1 text-sm text-fg-muted">Describe the app, or paste its package.json or .env.example. Switchboard proposes the integrations to connect.</p>
      <form action={analyze} className="mt-4 space-y-3">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Field label="Description, package.json or .env.example" id="stack-description" error={result && !result.ok ? result.fieldErrors?.description?.[0] : undefined}>
          <Textarea id="stack-description" name="description" value={description} onChange={(e) => setDescription(e.target.value)} rows={5} maxLength={32000} required placeholder="A SaaS where teams pay monthly with Stripe and get emails from Resend…" />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={analyzing} pendingLabel="Analyzing">Analyze</Button>
          {isAdmin ? (
            <Button variant="outline" size="sm" onClick={toggle} pending={busy} aria-pressed={model}>
              {model ? "Model pass on: turn off" : "Also ask a model (uses this org's OpenAI or Anthropic key)"}
            </Button>
          ) : null}
        </div>
      </form>
      {result && !result.ok && !result.fieldErrors ? <Alert tone="error" className="mt-4">{result.error}</Alert> : null}
      {analysis ? <Results orgSlug={orgSlug} analysis={analysis} isAdmin={isAdmin} missing={missing} onAsk={ask} /> : null}
      {requested ? <Alert tone="success" className="mt-4">{requested}</Alert> : null}
      {asking ? (
        <RequestDialog orgSlug={orgSlug} providers={asking} placeholder={REASON_EXAMPLE} onClose={() => setAsking(null)}
          onDone={(message) => { setAsking(null); setRequested(message); }} />
      ) : null}
    </GlassPanel>
  );
}

function Results({ orgSlug, analysis, isAdmin, missing, onAsk }: {
  orgSlug: string; analysis: StackAnalysis; isAdmin: boolean; missing: OrgProposedIntegration[]; onAsk(items: OrgProposedIntegration[]): void;
}) {
  return (
    <div className="mt-6 space-y-6" aria-live="polite">
      {analysis.notes.map((n) => <p key={n} className="text-sm text-fg-muted">{n}</p>)}
      {!isAdmin && missing.length > 1 ? (
        <Button variant="secondary" onClick={() => onAsk(missing)}>Request all missing ({missing.length})</Button>
      ) : null}
      {analysis.groups.map((g) => (
        <div key={g.category}>
          <h3 className="mb-3 text-sm font-semibold uppercase tracking-wide text-fg-muted">{g.title}</h3>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {g.integrations.map((i) => <StackTile key={i.provider} orgSlug={orgSlug} item={i} isAdmin={isAdmin} onAsk={onAsk} />)}
          </ul>
        </div>
      ))}
      {analysis.notInCatalog.length > 0 ? (
        <div>
          <h3 className="mb-2 text-sm font-semibold text-fg-muted">Not in the catalog yet</h3>
          <ul className="list-disc pl-5 text-sm text-fg-muted">{analysis.notInCatalog.map((n) => <li key={n.name}>{n.name}: {n.reason}</li>)}</ul>
        </div>
      ) : null}
    </div>
  );
}

function StackTile({ orgSlug, item, isAdmin, onAsk }: { orgSlug: string; item: OrgProposedIntegration; isAdmin: boolean; onAsk(items: OrgProposedIntegration[]): void }) {
  const stored = STORED[item.status];
  return (
    <GlassCard as="li" data-provider={item.provider} className="stack-tile flex flex-col gap-2 p-4 transition-shadow hover:shadow-[0_0_28px_rgba(220,38,38,0.35)] motion-reduce:transition-none">
      <div className="flex items-start justify-between gap-2">
        <span className="font-semibold text-white">{item.name}</span>
        <StatusBadge status={item.status} />
      </div>
      <p className="text-xs text-fg-muted">
        <span className="font-medium text-fg">{item.required ? "Required" : "Optional"}</span> · confidence {Math.round(item.confidence * 100)}%
      </p>
      <p className="text-sm text-fg">{item.reason}</p>
      {item.triggers.length > 0 ? <p className="text-xs text-fg-muted">Triggered by: {item.triggers.map((t) => `“${t}”`).join(", ")}</p> : null}
      {stored ? <p className="text-sm text-fg">{isAdmin ? stored.admin : stored.member}</p> : null}
      <div className="mt-auto flex flex-wrap gap-2 pt-2">
        <TileActions orgSlug={orgSlug} item={item} isAdmin={isAdmin} onAsk={onAsk} />
      </div>
    </GlassCard>
  );
}

/** The next step the status calls for: view a working key, check a stored one, replace a rejected one, add a missing one. */
function TileActions({ orgSlug, item, isAdmin, onAsk }: { orgSlug: string; item: OrgProposedIntegration; isAdmin: boolean; onAsk(items: OrgProposedIntegration[]): void }) {
  const href = `/${orgSlug}/integrations/${item.provider}`;
  const view = <ButtonLink href={href} variant="outline" size="sm" aria-label={`View ${item.name}`}>View</ButtonLink>;
  const request = <Button size="sm" variant="secondary" onClick={() => onAsk([item])} aria-label={`Request ${item.name} from a teammate`}>Request from a teammate</Button>;
  switch (item.status) {
    case "VALID":
      return view;
    case "PENDING":
      // Re-validating is done on the Credentials settings page; a member can only look.
      return isAdmin ? (
        <>
          <ButtonLink href={`/${orgSlug}/settings/integrations`} size="sm" aria-label={`Re-validate the stored ${item.name} key`}>Re-validate</ButtonLink>
          {view}
        </>
      ) : view;
    case "INVALID":
      return isAdmin ? (
        <ButtonLink href={href} size="sm" aria-label={`${item.oauth ? "Reconnect" : "Replace the key for"} ${item.name}`}>{item.oauth ? "Reconnect" : "Replace key"}</ButtonLink>
      ) : request;
    case "NOT_CONFIGURED":
      return isAdmin ? (
        <ButtonLink href={href} size="sm" aria-label={`${item.oauth ? "Connect" : "Add key for"} ${item.name}`}>{item.oauth ? "Connect" : "Add key"}</ButtonLink>
      ) : request;
  }
}
