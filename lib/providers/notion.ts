import { oauthOnlyProvider } from "./oauth-only";

export const notion = oauthOnlyProvider({
  id: "notion",
  name: "Notion",
  category: "messaging",
  description: "Read and write the Notion pages and databases a workspace shares, connected by OAuth.",
  nangoIntegration: "notion",
  appConsole: { href: "https://www.notion.so/profile/integrations", label: "Notion integrations" },
  scopes: "the capabilities your app needs (Notion asks the user which pages to share)",
  iconSlug: "notion",
});
