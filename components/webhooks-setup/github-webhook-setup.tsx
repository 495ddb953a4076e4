"use client";

import { useState } from "react";
import { setupGithubWebhookAction } from "@/actions/webhooks/setup-github-webhook";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { GITHUB_DEFAULT_EVENTS, GITHUB_EVENT_CHOICES } from "@/lib/webhooks/setup/choices";
import { CredentialChoice, EventChoices, SetupOutcome } from "./setup-fields";

export interface GithubSetupCredential { id: string; name: string; inboundUrl: string | null }

/** One button that creates a repository webhook at GitHub, previewed: repository, URL, events, secret. */
export function GithubWebhookSetup({ orgSlug, credentials, origin }: { orgSlug: string; credentials: GithubSetupCredential[]; origin: string }) {
  const [state, onSubmit, pending] = useActionForm(setupGithubWebhookAction);
  const [credentialId, setCredentialId] = useState(credentials[0]?.id ?? "");
  const [repository, setRepository] = useState("");
  const [events, setEvents] = useState<string[]>(GITHUB_DEFAULT_EVENTS);
  const credential = credentials.find((c) => c.id === credentialId);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="github-setup-title">
      <h3 id="github-setup-title" className="text-base font-medium text-white">Create a repository webhook</h3>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <CredentialChoice credentials={credentials} value={credentialId} onChange={setCredentialId} />
      <Field label="Repository" error={errors.repository?.[0]} hint="owner/name; the token needs Webhooks: write on it." required>
        <Input name="repository" value={repository} onChange={(e) => setRepository(e.target.value)} placeholder="acme/web" autoComplete="off" />
      </Field>
      <EventChoices id="github" choices={GITHUB_EVENT_CHOICES} value={events} onChange={setEvents} error={errors.events?.[0]} className="mt-2 flex flex-wrap gap-x-4 gap-y-1" />
      <div className="rounded-lg border border-line p-3 text-sm text-fg-muted" data-preview="github-webhook">
        <p className="font-medium text-white">This creates, on {repository || "the repository"}, with this token:</p>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>a webhook to <span className="break-all text-white">{credential?.inboundUrl ?? `a new Switchboard inbound endpoint (${origin}/api/hooks/…)`}</span></li>
          <li>for {events.length === 0 ? "no events (choose one)" : events.join(", ")}, as JSON</li>
          <li>signed with the endpoint&apos;s generated secret, which Switchboard sends to GitHub and keeps sealed.</li>
        </ul>
      </div>
      <SetupOutcome state={state} />
      <Button type="submit" pending={pending} pendingLabel="Creating at GitHub" disabled={!credentialId}>Create webhook at GitHub</Button>
    </form>
  );
}
