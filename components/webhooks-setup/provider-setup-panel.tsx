import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { env } from "@/lib/env";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { publicOrigin } from "@/lib/net/public-origin";
import type { ProviderDefinition } from "@/lib/providers/types";
import { listEndpoints } from "@/lib/webhooks/inbound/endpoints";
import { GithubWebhookSetup } from "./github-webhook-setup";
import { oauthCallbackSetup } from "./oauth-callback-urls";
import { OAuthCallbacks } from "./oauth-callbacks";
import { StripeWebhookSetup } from "./stripe-webhook-setup";

/**
 * Setup after save on a provider page (admins): what the provider's API lets Switchboard set up
 * once a key is verified, each as one button with a preview, or the exact URLs to register.
 */
export async function ProviderSetupPanel({ orgSlug, orgId, userId, provider, rows }: {
  orgSlug: string; orgId: string; userId: string; provider: ProviderDefinition; rows: IntegrationRow[];
}) {
  const verified = rows.filter((r) => r.status === "VALID" && r.authType === "api_key");
  const { origin, configured } = publicOrigin();
  let body: React.ReactNode = null;

  if (provider.id === "stripe" && verified.length > 0) {
    const endpoints = await asUser(await getDb(), userId, (tx) => listEndpoints(tx, orgId));
    const credentials = verified.map((r) => {
      const inbound = endpoints.find((e) => e.integrationId === r.id && e.scheme === "stripe");
      return { id: r.id, name: r.name, inboundUrl: inbound ? `${origin}/api/hooks/${inbound.token}` : null, webhookSecret: webhookSecretNote(r.details?.webhookSecret) };
    });
    body = <StripeWebhookSetup orgSlug={orgSlug} credentials={credentials} origin={origin} />;
  } else if (provider.id === "github" && verified.length > 0) {
    const endpoints = await asUser(await getDb(), userId, (tx) => listEndpoints(tx, orgId));
    const credentials = verified.map((r) => {
      const inbound = endpoints.find((e) => e.integrationId === r.id && e.scheme === "github");
      return { id: r.id, name: r.name, inboundUrl: inbound ? `${origin}/api/hooks/${inbound.token}` : null };
    });
    body = <GithubWebhookSetup orgSlug={orgSlug} credentials={credentials} origin={origin} />;
  } else if (provider.id === "vercel" && verified.length > 0) {
    // The deployments page owns env sync (pick one of the token's projects, preview, sync).
    body = (
      <p className="text-sm text-fg-muted">
        Copy this organization&apos;s credentials into a Vercel project&apos;s environment variables, then deploy it.{" "}
        <ButtonLink href={`/${orgSlug}/deployments`} variant="secondary" size="sm">Sync env to a Vercel project</ButtonLink>
      </p>
    );
  } else {
    const callbacks = oauthCallbackSetup(provider, env.NANGO_HOST);
    if (callbacks) body = <OAuthCallbacks {...callbacks} />;
  }
  if (!body) return null;

  return (
    <GlassPanel depth={2} className="space-y-4 p-6" aria-labelledby="provider-setup-title">
      <div>
        <h2 id="provider-setup-title" className="text-lg font-medium text-white">Set up {provider.name}</h2>
        <p className="mt-1 text-sm text-fg-muted">
          What this provider&apos;s API lets Switchboard do for you now that a key is stored. Every step is audited and safe to repeat.
          {(provider.id === "stripe" || provider.id === "github") && <> Deliveries are listed under <Link className="text-white underline" href={`/${orgSlug}/settings/webhooks/inbound`}>Settings, Inbound webhooks</Link>.</>}
        </p>
      </div>
      {!configured && (provider.id === "stripe" || provider.id === "github") && (
        <p className="max-w-prose text-sm text-warning">
          APP_URL is not set, so a Switchboard inbound endpoint&apos;s address is {origin}, which {provider.name} cannot reach from the internet.
          Set APP_URL to Switchboard&apos;s public https address first, or send the webhooks to your own app.
        </p>
      )}
      {body}
    </GlassPanel>
  );
}

/** What the credential's details say of its webhook secret (never the secret): "provided, ends in 1a2b". */
function webhookSecretNote(value: unknown): string | null {
  return typeof value === "string" && value.startsWith("provided") ? value.replace(/ \(format checked[^)]*\)$/, "") : null;
}
