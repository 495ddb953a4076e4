"use client";

import { useState } from "react";
import { createOrgAction } from "@/actions/orgs/create-org";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { suggestSlug } from "@/lib/orgs/slug";

export function CreateOrgForm() {
  const [state, onSubmit, pending] = useActionForm(createOrgAction);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <h1 className="text-2xl font-semibold text-white">Create your organization</h1>
      <p className="text-sm text-fg-muted">Credentials belong to an organization; you will be its owner.</p>
      {state && !state.ok && <Alert tone="error">{state.error}</Alert>}
      <Field label="Organization name" error={errors.name?.[0]}>
        <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="organization" required />
      </Field>
      <Field label="Address" error={errors.slug?.[0]} hint={`Your address: /${(slug ?? suggestSlug(name)) || "your-team"}`}>
        <Input name="slug" value={slug ?? suggestSlug(name)} onChange={(e) => setSlug(e.target.value)} required />
      </Field>
      <Button type="submit" pending={pending} className="w-full">Create organization</Button>
    </form>
  );
}
