import type { ProviderDefinition } from "@/lib/providers/types";

export interface CallbackSetup {
  providerName: string;
  /** The provider's segment in the usual libraries' callback paths (/api/auth/callback/<slug>). */
  slug: string;
  /** URLs that do not depend on the admin's app, shown before its address is typed. */
  fixed: { label: string; url: string }[];
}

/**
 * The callback URLs a provider page offers to register, or null when it has none: an OAuth
 * provider run through Nango redirects to Nango's callback; a Google OAuth client belongs to the
 * admin's own app (its routes derived in OAuthCallbacks), plus Nango's when sign-in goes through it.
 */
export function oauthCallbackSetup(provider: ProviderDefinition, nangoHost: string): CallbackSetup | null {
  const nango = `${nangoHost.replace(/\/+$/, "")}/oauth/callback`;
  if (provider.oauth) return { providerName: provider.name, slug: provider.id, fixed: [{ label: `Redirect URI for the ${provider.name} OAuth app (Nango)`, url: nango }] };
  if (provider.id === "google_oauth") return { providerName: "Google", slug: "google", fixed: [{ label: "Redirect URI when Google sign-in goes through Nango", url: nango }] };
  return null;
}
