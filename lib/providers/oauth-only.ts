import type { ProviderCategory, ProviderDefinition, SetupStep } from "./types";

interface OAuthOnlyInput {
  id: string;
  name: string;
  category: ProviderCategory;
  description: string;
  /** Nango's provider name for the integration to create in the Nango dashboard. */
  nangoIntegration: string;
  /** Where the provider's OAuth app (client id and secret for Nango) is created. */
  appConsole: { href: string; label: string };
  /** Scopes worth granting, in the provider's own spelling; shown in the setup steps. */
  scopes: string;
  iconSlug: string | null;
}

const NANGO_INTEGRATIONS = "https://app.nango.dev/dev/integrations";

/**
 * A provider that Switchboard connects only by OAuth through Nango: there is no key to paste, so
 * no fields, and nothing to validate locally (Nango's auth webhook reports the outcome instead).
 */
export function oauthOnlyProvider(p: OAuthOnlyInput): ProviderDefinition {
  const steps: SetupStep[] = [
    { text: `Create an OAuth app for Switchboard in the ${p.name} developer console and copy its client id and secret.`, link: p.appConsole },
    {
      text: `In Nango, add an integration with the id "${p.nangoIntegration}" for ${p.name}, paste the client id and secret, and grant ${p.scopes}.`,
      link: { href: NANGO_INTEGRATIONS, label: "Nango integrations" },
    },
    { text: `Use "Connect with ${p.name}" here: Nango opens ${p.name}'s consent screen and Switchboard records the connection when Nango confirms it.` },
  ];
  return {
    id: p.id,
    name: p.name,
    category: p.category,
    description: p.description,
    fields: [],
    // Never called by the OAuth path; answers "unknown" so no code path can store an empty credential as valid.
    validate: async () => ({ outcome: "unknown", reason: `${p.name} has no key to check: connect with OAuth.` }),
    fingerprint: () => "oauth",
    env: [],
    setupSteps: steps,
    keysUrl: NANGO_INTEGRATIONS,
    iconSlug: p.iconSlug,
    oauth: true,
    nangoIntegration: p.nangoIntegration,
  };
}
