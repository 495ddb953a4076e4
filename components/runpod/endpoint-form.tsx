"use client";

import { useEffect, useRef, useState } from "react";
import { createRunpodEndpointAction } from "@/actions/runpod/create-runpod-endpoint";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { Field, Input } from "@/components/ui/input";
import { usd, type GpuRow } from "@/lib/runpod/gpu-table";
import { TemplatePicker, type TemplateList } from "./template-picker";

/** A credential the endpoint's env may take, by name: ids and variable names only, never a value. */
export interface EnvChoice {
  id: string;
  label: string;
  fingerprint: string | null;
  variables: string[];
  /** The RunPod key Switchboard creates endpoints with: passing it on is warned about. */
  deployKey?: boolean;
}

export const DEPLOY_KEY_WARNING = "This is the API key Switchboard creates endpoints with. Every worker of this endpoint, and whatever code its image runs, will be able to read it and manage your whole RunPod account.";

interface Props {
  orgSlug: string;
  gpu: GpuRow | null;
  choices: EnvChoice[];
  /** The RunPod credential's template id, if it has one. */
  defaultTemplateId: string | null;
  templates: TemplateList | null;
}

const SHOWN_AT_FIELD = new Set(["name", "gpuTypeId", "templateId", "image", "gpuCount", "workersMin", "workersMax", "credentials"]);

export function EndpointForm({ orgSlug, gpu, choices, defaultTemplateId, templates }: Props) {
  const [state, submit, pending] = useActionForm(createRunpodEndpointAction);
  const hasTemplates = Boolean(defaultTemplateId) || (templates?.ok === true && templates.templates.length > 0);
  const [source, setSource] = useState<"template" | "image">(hasTemplates ? "template" : "image");
  const gpuLine = useRef<HTMLParagraphElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const [keyChosen, setKeyChosen] = useState(false);
  // An error the form shows at its field is not repeated in the result line below.
  const atFields = Object.keys(errors).length > 0 && Object.keys(errors).every((k) => SHOWN_AT_FIELD.has(k));

  // The table sits above: once a GPU is chosen, bring the form's GPU line into view and announce it.
  useEffect(() => {
    if (gpu) gpuLine.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
  }, [gpu]);

  // A created endpoint clears the fields, so a second click cannot create it twice by accident.
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      setKeyChosen(false);
    }
  }, [state]);

  return (
    <GlassPanel as="section" aria-labelledby="endpoint-form-title" className="p-5 sm:p-6">
      <h2 id="endpoint-form-title" className="text-lg font-medium text-white">New serverless endpoint</h2>
      <form ref={form} method="post" onSubmit={submit} noValidate className="mt-4 space-y-5" aria-describedby="endpoint-result">
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <input type="hidden" name="gpuTypeId" value={gpu?.id ?? ""} />
        <p ref={gpuLine} aria-live="polite" className="rounded-lg border border-line-strong bg-white/[0.03] px-3 py-2 text-sm">
          {gpu
            ? <>GPU: <strong className="text-white">{gpu.name}</strong>, {gpu.memoryGb} GB, {usd(gpu.price.serverless)} per GPU-hour on serverless (pool {gpu.pool}).</>
            : <span className="text-fg-muted">Choose a GPU with Use in the table above.</span>}
        </p>
        {errors.gpuTypeId && <p role="alert" className="text-sm text-error">{errors.gpuTypeId[0]}</p>}
        <Field label="Endpoint name" error={errors.name?.[0]} required>
          <Input name="name" placeholder="whisper-large" autoComplete="off" maxLength={60} />
        </Field>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-fg">Start from</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {(["template", "image"] as const).map((s) => (
              <label key={s} className="inline-flex items-center gap-2">
                <input type="radio" name="source" value={s} checked={source === s} onChange={() => setSource(s)} className="accent-[#dc2626]" />
                {s === "template" ? "A RunPod template" : "A container image"}
              </label>
            ))}
          </div>
          {source === "template" ? (
            <TemplatePicker templates={templates} defaultTemplateId={defaultTemplateId} error={errors.templateId?.[0]} />
          ) : (
            <Field label="Container image" hint="For example runpod/worker-v1-vllm:stable-cuda12.1.0" error={errors.image?.[0]}>
              <Input name="image" autoComplete="off" spellCheck={false} />
            </Field>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="GPUs per worker" error={errors.gpuCount?.[0]}>
            <Input name="gpuCount" type="number" min={1} max={8} defaultValue={1} />
          </Field>
          <Field label="Minimum workers" hint="0 lets RunPod scale to zero between requests." error={errors.workersMin?.[0]}>
            <Input name="workersMin" type="number" min={0} max={50} defaultValue={0} />
          </Field>
          <Field label="Maximum workers" error={errors.workersMax?.[0]}>
            <Input name="workersMax" type="number" min={1} max={50} defaultValue={2} />
          </Field>
        </div>
        <fieldset aria-describedby="env-hint">
          <legend className="text-sm font-medium text-fg">Env variables from the vault</legend>
          <p id="env-hint" className="mt-1 text-xs text-fg-muted">Switchboard reads the chosen credentials on the server and sends them to RunPod only; they never reach this page.</p>
          {choices.length === 0 ? (
            <p className="mt-2 text-sm text-fg-muted">No stored credential has env variables yet.</p>
          ) : (
            <ul className="mt-2 grid gap-2 sm:grid-cols-2">
              {choices.map((c) => (
                <li key={c.id}>
                  <label className="flex items-start gap-2 rounded-lg border border-line px-3 py-2 text-sm hover:border-line-strong">
                    <input type="checkbox" name={`credential.${c.id}`} className="mt-1 accent-[#dc2626]" onChange={c.deployKey ? (e) => setKeyChosen(e.target.checked) : undefined} />
                    <span>
                      <span className="text-white">{c.label}</span>{c.fingerprint && <span className="text-fg-muted"> ({c.fingerprint})</span>}
                      {c.deployKey && <span className="ml-2 text-xs font-medium text-warning">the key Switchboard uses</span>}
                      <span className="block font-mono text-xs text-fg-muted">{c.variables.join(", ")}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {keyChosen && <Alert tone="warning" className="mt-3" title="The RunPod API key goes into this endpoint">{DEPLOY_KEY_WARNING}</Alert>}
          {errors.credentials && <p role="alert" className="mt-2 text-sm text-error">{errors.credentials[0]}</p>}
        </fieldset>
        <div id="endpoint-result" aria-live="polite">
          {state && !state.ok && !atFields && <Alert tone="error">{state.error}</Alert>}
          {state?.ok && <Alert tone="success">{state.message}</Alert>}
        </div>
        <Button type="submit" pending={pending} pendingLabel="Creating">Create endpoint</Button>
      </form>
    </GlassPanel>
  );
}
