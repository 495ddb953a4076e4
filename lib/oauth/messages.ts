// Imported by client components: no server modules here.

/** The path Nango must POST its auth webhooks to (Environment Settings, Webhook URLs). */
export const NANGO_WEBHOOK_PATH = "/api/nango/webhook";

/**
 * What an operator must set for OAuth to work, shown wherever OAuth is offered while it is off.
 * `origin` is this server's public origin, so the webhook URL can be pasted into Nango as-is.
 */
export function nangoNotConfiguredMessage(origin: string, integration: string): string {
  return (
    `OAuth through Nango is off on this server. To turn it on, set NANGO_SECRET_KEY (the secret key of your Nango environment; ` +
    `NANGO_HOST too if you run Nango yourself), create an integration with the id "${integration}" in Nango, ` +
    `set Nango's webhook URL to ${origin.replace(/\/+$/, "")}${NANGO_WEBHOOK_PATH} (and NANGO_WEBHOOK_SIGNING_KEY if your ` +
    `environment signs webhooks with its own key), then restart Switchboard.`
  );
}

/** Sentences for a session that did not start; `kind` comes from startConnectSession/startReconnectSession. */
export function sessionFailureMessage(kind: "no_oauth" | "name_taken" | "not_found", providerName: string, name = ""): string {
  if (kind === "no_oauth") return `${providerName} cannot be connected with OAuth; paste a key instead.`;
  if (kind === "name_taken") return `${providerName} already has a credential named “${name}”. Choose another name, or reconnect that one from settings.`;
  return "That connection no longer exists. Refresh the page.";
}
