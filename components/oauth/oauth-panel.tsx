import "server-only";
import { env } from "@/lib/env";
import { nangoIntegrationOf, nangoPublicConfig } from "@/lib/oauth/nango";
import type { ProviderDefinition } from "@/lib/providers/types";
import { OAuthConnect } from "./oauth-connect";

/**
 * The OAuth half of a provider page, or nothing for API-key-only providers. Only whether Nango is
 * configured crosses to the client; the secret key stays in env on the server.
 */
export function OAuthPanel({ orgSlug, provider, hasDefault }: { orgSlug: string; provider: ProviderDefinition; hasDefault: boolean }) {
  const integration = nangoIntegrationOf(provider);
  if (!integration) return null;
  return (
    <div className={provider.fields.length > 0 ? "mb-8 border-b border-line pb-8" : undefined}>
      <OAuthConnect
        orgSlug={orgSlug} providerId={provider.id} providerName={provider.name} integration={integration}
        configured={nangoPublicConfig(env).configured} hasDefault={hasDefault} hasKeyFields={provider.fields.length > 0}
      />
    </div>
  );
}
