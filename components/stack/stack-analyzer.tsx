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
import type { StackAnalysis, OrgProposedIntegration } from "@/lib/stack/types";

type Props = { orgSlug: string; isAdmin: boolean; modelEnabled: boolean };

// Only an example: the person says what the app needs it for (the admins read it).
const REASON_EXAMPLE = "e.g. Checkout and receipts in the app described above";

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
  const missing = analysis ? analysis.groups.flatMap((g) => g.integrations).filter((i) => i.status !== "VALID") : [];

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
  const href = `/${orgSlug}/integrations/${item.provider}`;
  const ready = item.status === "VALID";
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
      <div className="mt-auto pt-2">
        {ready ? (
          <ButtonLink href={href} variant="outline" size="sm">View</ButtonLink>
        ) : isAdmin ? (
          <ButtonLink href={href} size="sm" aria-label={`${item.oauth ? "Connect" : "Add key for"} ${item.name}`}>{item.oauth ? "Connect" : "Add key"}</ButtonLink>
        ) : (
          <Button size="sm" variant="secondary" onClick={() => onAsk([item])} aria-label={`Request ${item.name} from a teammate`}>Request from a teammate</Button>
        )}
      </div>
    </GlassCard>
  );
}
