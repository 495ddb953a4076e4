"use client";

import { useState } from "react";
import type { GpuRow } from "@/lib/runpod/gpu-table";
import { EndpointForm, type EnvChoice } from "./endpoint-form";
import { GpuPanel } from "./gpu-panel";
import type { TemplateList } from "./template-picker";

interface Props {
  orgSlug: string;
  gpus: GpuRow[];
  fetchedAt: number;
  /** Null for members: they see the table, admins also get the form. */
  form: { choices: EnvChoice[]; defaultTemplateId: string | null; templates: TemplateList | null } | null;
}

/** The GPU table and the endpoint form, sharing the chosen GPU: Use in a row fills the form. */
export function RunpodWorkspace({ orgSlug, gpus, fetchedAt, form }: Props) {
  const [chosen, setChosen] = useState<GpuRow | null>(null);
  return (
    <div className="space-y-6">
      <GpuPanel gpus={gpus} fetchedAt={fetchedAt} chosenId={chosen?.id ?? null} onChoose={form ? setChosen : undefined} />
      {form && <EndpointForm orgSlug={orgSlug} gpu={chosen} choices={form.choices} defaultTemplateId={form.defaultTemplateId} templates={form.templates} />}
    </div>
  );
}
