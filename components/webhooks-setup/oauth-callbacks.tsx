"use client";

import { useState } from "react";
import { CopyField } from "@/components/api-keys/copy-field";
import { Field, Input } from "@/components/ui/input";

/**
 * The redirect URIs to register for an OAuth client your app uses, from your app's address: the
 * callback paths of the common libraries, each with a copy button. Nothing is sent anywhere.
 */
export function OAuthCallbacks({ providerName, slug, fixed }: { providerName: string; slug: string; fixed: { label: string; url: string }[] }) {
  const [app, setApp] = useState("");
  let origin: string | null = null;
  try {
    origin = app ? new URL(app).origin : null;
  } catch { /* not an address yet */ }
  const derived = origin
    ? [
      { label: "Authorized JavaScript origin", url: origin },
      { label: `Redirect URI for Auth.js / NextAuth (${providerName})`, url: `${origin}/api/auth/callback/${slug}` },
      { label: "Redirect URI for Passport's usual route", url: `${origin}/auth/${slug}/callback` },
    ]
    : [];
  return (
    <div className="space-y-4">
      <h3 className="text-base font-medium text-white">Callback URLs to register</h3>
      {fixed.map((f) => <CopyField key={f.url} label={f.label} value={f.url} />)}
      <Field label="Your app's address" hint="For the redirect URIs of the app that uses this client, e.g. https://app.example.com.">
        <Input type="url" value={app} onChange={(e) => setApp(e.target.value)} placeholder="https://app.example.com" />
      </Field>
      {derived.map((d) => <CopyField key={d.label} label={d.label} value={d.url} />)}
    </div>
  );
}
