import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { ProviderDefinition } from "./types";

const NAME = "Google OAuth";
const ID = "google_oauth";

const clientId = credentialSchema((value) => {
  if (value === "") return "Paste the OAuth client ID.";
  const other = otherProviderHint(value, ID);
  if (other) return other;
  if (value.startsWith("GOCSPX-")) return "This is the client secret; paste it in the Client secret field and the client ID (ending in .apps.googleusercontent.com) here.";
  if (!/^\d+-[a-z0-9]+\.apps\.googleusercontent\.com$/.test(value)) return "A Google OAuth client ID looks like 1234567890-abc123.apps.googleusercontent.com; copy it again from the Credentials page.";
  return null;
});

// GOCSPX- secrets since 2021; older clients still hold 24-character secrets without a prefix.
const clientSecret = credentialSchema((value) => {
  if (value === "") return "Paste the OAuth client secret.";
  const other = otherProviderHint(value, ID);
  if (other) return other;
  if (value.endsWith(".apps.googleusercontent.com")) return "This is the client ID; paste it in the Client ID field and the secret (GOCSPX-…) here.";
  if (/\s/.test(value)) return "The secret contains a space or line break; copy it again in one piece.";
  if (!/^(GOCSPX-[A-Za-z0-9_-]{20,}|[A-Za-z0-9_-]{24})$/.test(value)) return "A Google client secret starts with GOCSPX-; copy the whole secret again from the OAuth client's page.";
  return null;
});

// Never a real code: Google must refuse it, and how it refuses is what tells us about the client.
const BOGUS_CODE = "switchboard-credential-check";
const BOGUS_REDIRECT = "https://switchboard.invalid/oauth/credential-check";

export const googleOAuth: ProviderDefinition = {
  id: ID,
  name: NAME,
  category: "devtools",
  description: "A Google OAuth client (client ID and secret) for \"Sign in with Google\" and Google API consent in your own app.",
  fields: [
    { name: "clientId", label: "Client ID", kind: "text", placeholder: "1234567890-abc.apps.googleusercontent.com", schema: clientId },
    { name: "clientSecret", label: "Client secret", kind: "secret", placeholder: "GOCSPX-…", schema: clientSecret },
  ],

  validate(credential, ctx) {
    const id = credential.clientId?.trim() ?? "";
    const secret = credential.clientSecret?.trim() ?? "";
    return safeCheck(NAME, [secret], async () => {
      /*
       * Google has no "who am I" call for an OAuth client, so we redeem a code that cannot exist.
       * The token endpoint authenticates the client before it looks at the code: a wrong ID or
       * secret fails with invalid_client (or unauthorized_client), while a correct pair gets as
       * far as the code and fails with invalid_grant. So invalid_grant proves the pair without
       * creating any token or touching a user. The secret travels in the POST body, never the URL.
       */
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://oauth2.googleapis.com")}/token`,
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", code: BOGUS_CODE, redirect_uri: BOGUS_REDIRECT, client_id: id, client_secret: secret }).toString(),
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const error = (res.json as { error?: unknown } | null)?.error;
      const said = providerMessage(res.json);
      const details = { clientId: id, projectNumber: id.split("-")[0] };
      if (error === "invalid_grant") {
        return {
          outcome: "valid",
          httpStatus: res.status,
          accountLabel: `OAuth client of project ${details.projectNumber}`,
          details: { ...details, note: "Google confirms the ID and secret match; it does not reveal the app name or the registered redirect URIs." },
          reason: "Google accepted the client ID and secret.",
        };
      }
      if (error === "invalid_client" || error === "unauthorized_client" || error === "deleted_client" || error === "disabled_client") {
        return { outcome: "invalid", httpStatus: res.status, reason: `Google rejected the OAuth client (${error}${said ? `: ${said}` : ""}). Check that the ID and secret belong to the same client and that it has not been deleted or its secret reset.` };
      }
      if (res.status === 429 || res.status >= 500) return classifyStatus(res, NAME, said);
      return { outcome: "unknown", httpStatus: res.status, reason: `Google answered the check unexpectedly (HTTP ${res.status}${typeof error === "string" ? `, ${error}` : ""}), so the client was neither accepted nor rejected.` };
    });
  },

  fingerprint: (credential) => lastFour(credential.clientSecret),

  env: [
    { name: "GOOGLE_CLIENT_ID", field: "clientId", description: "Read by Auth.js / NextAuth's Google provider and most OAuth libraries." },
    { name: "GOOGLE_CLIENT_SECRET", field: "clientSecret", description: "The client secret that goes with GOOGLE_CLIENT_ID." },
  ],
  setupSteps: [
    { text: "Sign in to the Google Cloud console with a Google account (or create one) and select or create a project.", link: { href: "https://console.cloud.google.com/projectcreate", label: "Google Cloud console" } },
    { text: "Set up the OAuth consent screen (Google Auth Platform, Branding): app name, support email, and External unless only your organization signs in.", link: { href: "https://console.cloud.google.com/auth/branding", label: "OAuth consent screen" } },
    { text: 'Open Credentials, click "Create credentials", then "OAuth client ID", and choose the application type "Web application".', link: { href: "https://console.cloud.google.com/apis/credentials", label: "Credentials" } },
    { text: "Under \"Authorized redirect URIs\", click \"Add URI\" and enter your app's callback exactly, e.g. https://<your-app>/api/auth/callback/google (replace <your-app> with your domain; for local development add http://localhost:3000/api/auth/callback/google too)." },
    { text: "If you connect Google through Nango, also add Nango's callback: https://api.nango.dev/oauth/callback. A missing or mistyped URI makes Google show redirect_uri_mismatch at sign-in." },
    { text: 'Click "Create", then copy the Client ID and the Client secret (GOCSPX-…) and paste them here. Download the JSON too: Google may not show the secret again.' },
  ],
  keysUrl: "https://console.cloud.google.com/apis/credentials",
  iconSlug: "google",
  oauth: false,
};
