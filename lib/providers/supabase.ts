import "server-only";
import { allowedOrigin, systemResolver, userOriginTarget, type Resolver } from "@/lib/net/ssrf";
import { credentialSchema, lastFour } from "./format";
import { callProvider, classifyStatus, safeCheck } from "./http";
import { readSupabaseKey, supabaseKeySchema, type SupabaseKey } from "./supabase-keys";
import type { CheckResult, ProviderDefinition, ValidationContext } from "./types";

const NAME = "Supabase";
const EXAMPLE = "https://<project-ref>.supabase.co";
// One label under supabase.co: the project ref. Anything else (custom domains included) is refused.
const PROJECT_HOST = /^[a-z0-9]{1,63}\.supabase\.co$/;

const RLS_WARNING = "The secret key bypasses Row Level Security: keep it on servers only, never in a browser or mobile app.";
const LEGACY_ADVICE = "Legacy JWT keys (anon, service_role) are deprecated by the end of 2026; create sb_publishable_ and sb_secret_ keys on the API Keys page.";

function readProjectUrl(text: string): { origin: string; ref: string } | { problem: string } {
  const url = allowedOrigin(text.replace(/\/+$/, "/"), PROJECT_HOST, EXAMPLE);
  return "problem" in url ? url : { origin: url.origin, ref: url.hostname.split(".")[0] };
}

const projectUrl = credentialSchema((value) => {
  if (value === "") return `Paste the project URL, like ${EXAMPLE}.`;
  const read = readProjectUrl(value);
  return "problem" in read ? read.problem : null;
});

const publishableKey = supabaseKeySchema(false);
const secretKey = supabaseKeySchema(true);

const roleName = (key: SupabaseKey) => (key.legacy ? `${key.role} (legacy JWT)` : key.role);

/** Cross-field checks, all local: each legacy key must name the URL's project and be unexpired. */
function mismatch(ref: string, keys: [string, SupabaseKey][]): string | null {
  for (const [label, key] of keys) {
    if (key.ref !== undefined && key.ref !== ref) {
      return `The ${label} belongs to project ${key.ref}, but the URL is for project ${ref}. Copy the URL and keys from the same project.`;
    }
    if (key.exp !== undefined && key.exp * 1000 < Date.now()) return `The ${label} expired on ${new Date(key.exp * 1000).toISOString().slice(0, 10)}; copy a current key.`;
  }
  return null;
}

/** GET /auth/v1/settings answers for every key type and needs only the apikey header (providers.md). */
async function settings(ctx: ValidationContext, origin: string, key: string, label: string): Promise<{ json: unknown } | { failure: CheckResult }> {
  // Server-side call with our own User-Agent: Supabase refuses sb_secret_ keys from browser-like agents.
  const call = await callProvider(ctx, NAME, { url: `${origin}/auth/v1/settings`, headers: { apikey: key } });
  if ("failure" in call) return call;
  const result = classifyStatus(call.response, NAME);
  if (result.outcome !== "valid") return { failure: { ...result, reason: `Checked with the ${label}: ${result.reason}` } };
  return { json: call.response.json };
}

function describe(ref: string, keys: SupabaseKey[], json: unknown): CheckResult {
  const body = (json ?? {}) as { external?: Record<string, unknown>; disable_signup?: unknown };
  const providers = Object.entries(body.external ?? {}).filter(([, on]) => on === true).map(([name]) => name);
  const details: NonNullable<CheckResult["details"]> = { projectRef: ref, keyRoles: keys.map(roleName), warning: RLS_WARNING };
  if (typeof body.disable_signup === "boolean") details.signupsOpen = !body.disable_signup;
  if (providers.length) details.authProviders = providers;
  const exp = keys.map((k) => k.exp).filter((e): e is number => e !== undefined).sort((a, b) => a - b)[0];
  if (exp !== undefined) details.expiresAt = new Date(exp * 1000).toISOString();
  if (keys.some((k) => k.legacy)) details.advice = LEGACY_ADVICE;
  return { outcome: "valid", httpStatus: 200, reason: `Supabase accepted both keys for project ${ref}.`, accountLabel: `Project ${ref}`, details };
}

/** The resolver is injectable so tests can make a supabase.co name resolve to a private address. */
export function createSupabase(resolve: Resolver = systemResolver): ProviderDefinition {
  return {
    id: "supabase",
    name: NAME,
    category: "backend",
    description: "A Supabase project: Postgres, auth and storage, reached with its URL and API keys.",
    fields: [
      { name: "projectUrl", label: "Project URL", kind: "text", placeholder: EXAMPLE, schema: projectUrl },
      { name: "publishableKey", label: "Publishable key", kind: "text", placeholder: "sb_publishable_… or the legacy anon key", help: "Safe in browsers: Row Level Security applies to it.", schema: publishableKey },
      { name: "secretKey", label: "Secret key", kind: "secret", placeholder: "sb_secret_… or the legacy service_role key", help: RLS_WARNING, schema: secretKey },
    ],

    validate(credential, ctx) {
      const [publishable, secret] = [credential.publishableKey?.trim() ?? "", credential.secretKey?.trim() ?? ""];
      return safeCheck(NAME, [publishable, secret], async () => {
        // Repeated here, not only in the form: a stored credential must never reach another host.
        const project = readProjectUrl(credential.projectUrl?.trim() ?? "");
        if ("problem" in project) return { outcome: "invalid", reason: project.problem };
        // The field checks again, so swapped keys are refused before any call even if the form was bypassed.
        const refused = publishableKey.safeParse(publishable).error ?? secretKey.safeParse(secret).error;
        if (refused) return { outcome: "invalid", reason: refused.issues[0].message };
        const [pub, sec] = [readSupabaseKey(publishable), readSupabaseKey(secret)] as [SupabaseKey, SupabaseKey];
        const wrong = mismatch(project.ref, [["publishable key", pub], ["secret key", sec]]);
        if (wrong) return { outcome: "invalid", reason: wrong };

        const target = await userOriginTarget(ctx, project.origin, resolve);
        if ("failure" in target) return target.failure;
        // Two calls to the one documented endpoint: each key is stored, so each is proven.
        const bySecret = await settings(target.ctx, target.origin, secret, "secret key");
        if ("failure" in bySecret) return bySecret.failure;
        const byPublishable = await settings(target.ctx, target.origin, publishable, "publishable key");
        if ("failure" in byPublishable) return byPublishable.failure;
        return describe(project.ref, [pub, sec], bySecret.json);
      });
    },

    fingerprint: (credential) => lastFour(credential.secretKey),

    env: [
      { name: "SUPABASE_URL", field: "projectUrl", description: "The project URL, as the Supabase client libraries expect it." },
      { name: "SUPABASE_PUBLISHABLE_KEY", field: "publishableKey", description: "Publishable key; older code reads it as SUPABASE_ANON_KEY." },
      { name: "SUPABASE_SECRET_KEY", field: "secretKey", description: "Secret key, server only; older code reads it as SUPABASE_SERVICE_ROLE_KEY." },
    ],
    setupSteps: [
      { text: "Sign in to Supabase, or create an account and a project.", link: { href: "https://supabase.com/dashboard/sign-up", label: "Sign up" } },
      { text: "Open the project's API Keys settings (the Legacy tab holds the anon and service_role keys).", link: { href: "https://supabase.com/dashboard/project/_/settings/api-keys", label: "API Keys" } },
      { text: `Copy the project URL (${EXAMPLE}, shown on the project's Data API settings) and paste it here.` },
      { text: "Copy the publishable key and a secret key from the same project and paste them here. Switchboard checks both with a read-only call." },
    ],
    keysUrl: "https://supabase.com/dashboard/project/_/settings/api-keys",
    iconSlug: "supabase",
    oauth: false,
  };
}

export const supabase = createSupabase();
