import { oauthOnlyProvider } from "./oauth-only";

export const linear = oauthOnlyProvider({
  id: "linear",
  name: "Linear",
  category: "messaging",
  description: "Issues, projects and cycles in a Linear workspace, connected by OAuth.",
  nangoIntegration: "linear",
  appConsole: { href: "https://linear.app/settings/api/applications/new", label: "New Linear application" },
  scopes: "read (and write if you create issues)",
  iconSlug: "linear",
});
