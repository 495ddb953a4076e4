import { oauthOnlyProvider } from "./oauth-only";

export const hubspot = oauthOnlyProvider({
  id: "hubspot",
  name: "HubSpot",
  category: "messaging",
  description: "Contacts, companies and deals in a HubSpot account, connected by OAuth.",
  nangoIntegration: "hubspot",
  appConsole: { href: "https://developers.hubspot.com/", label: "HubSpot developer portal" },
  scopes: "oauth plus the crm.objects scopes your app reads",
  iconSlug: "hubspot",
});
