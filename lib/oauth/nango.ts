import { Nango } from "@nangohq/node";
import type { Env } from "@/lib/env-schema";
import type { ProviderDefinition } from "@/lib/providers/types";

type NangoEnv = Pick<Env, "NANGO_SECRET_KEY" | "NANGO_HOST" | "NANGO_WEBHOOK_SIGNING_KEY" | "NANGO_PUBLIC_CONNECT_URL">;

/**
 * A Nango client, or null when NANGO_SECRET_KEY is unset (the embedded default: OAuth is off and
 * the API-key path works alone). The secret key stays inside the SDK instance, which never leaves
 * the server.
 */
export function createNango(env: NangoEnv): Nango | null {
  if (!env.NANGO_SECRET_KEY) return null;
  return new Nango({
    host: env.NANGO_HOST,
    apiKey: env.NANGO_SECRET_KEY,
    // The SDK never signs with the API key: without this, every webhook would fail verification.
    // Older environments sign with the secret key itself, which is the fallback here.
    webhookSigningKey: env.NANGO_WEBHOOK_SIGNING_KEY ?? env.NANGO_SECRET_KEY,
  });
}

/** What the browser needs to open Connect UI: two public URLs, nothing secret. */
export interface NangoPublicConfig {
  configured: boolean;
  apiUrl: string;
  connectUrl: string;
}

export const nangoPublicConfig = (env: NangoEnv): NangoPublicConfig => ({
  configured: Boolean(env.NANGO_SECRET_KEY),
  apiUrl: env.NANGO_HOST,
  connectUrl: env.NANGO_PUBLIC_CONNECT_URL,
});

/** The Nango integration id for a provider: its own setting, else its Switchboard id; null when it has no OAuth. */
export function nangoIntegrationOf(provider: ProviderDefinition): string | null {
  if (!provider.oauth) return null;
  return provider.nangoIntegration ?? provider.id;
}

/**
 * A sentence for a failed Nango call. Only the HTTP status is used: the SDK's axios error carries
 * the request config, Authorization header (the secret key) included, so it is never logged or rethrown.
 */
export function describeNangoError(err: unknown): { status: number | null; reason: string } {
  const status = (err as { response?: { status?: unknown } })?.response?.status;
  const code = typeof status === "number" ? status : null;
  if (code === 401 || code === 403) return { status: code, reason: "Nango refused Switchboard's secret key. Check NANGO_SECRET_KEY." };
  if (code === 404) return { status: code, reason: "Nango does not know that integration or connection." };
  if (code === 400) return { status: code, reason: "Nango refused the request; check that the integration exists in Nango with the id Switchboard uses." };
  if (code === 429) return { status: code, reason: "Nango is rate-limiting Switchboard; try again in a minute." };
  if (code !== null && code >= 500) return { status: code, reason: "Nango is having trouble right now; try again shortly." };
  return { status: code, reason: "Switchboard could not reach Nango. Check NANGO_HOST and the network." };
}
