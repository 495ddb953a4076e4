import { oauthOnlyProvider } from "./oauth-only";

// Distinct from google_oauth, which stores a pasted OAuth client: this is a user's Google account,
// connected through Nango, whose tokens Nango keeps and refreshes.
export const google = oauthOnlyProvider({
  id: "google",
  name: "Google",
  category: "messaging",
  description: "A Google account (Drive, Gmail, Calendar and other Google APIs), connected by OAuth.",
  nangoIntegration: "google",
  appConsole: { href: "https://console.cloud.google.com/apis/credentials", label: "Google Cloud credentials" },
  scopes: "only the Google API scopes your app uses (Nango requests them on the consent screen)",
  iconSlug: "google",
});
