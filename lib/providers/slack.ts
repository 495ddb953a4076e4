import { oauthOnlyProvider } from "./oauth-only";

// Not in simple-icons 16 (stack-notes): the geometric fallback mark stands in.
export const slack = oauthOnlyProvider({
  id: "slack",
  name: "Slack",
  category: "messaging",
  description: "Post messages and read channels in a Slack workspace, connected by OAuth.",
  nangoIntegration: "slack",
  appConsole: { href: "https://api.slack.com/apps", label: "Slack apps" },
  scopes: "the bot scopes your app needs (for example chat:write and channels:read)",
  iconSlug: null,
});
