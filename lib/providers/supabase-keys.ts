import { decodeJwt } from "jose";
import { credentialSchema, otherProviderHint } from "./format";

/** What a pasted Supabase project key is. Legacy keys carry their role and project in a JWT. */
export interface SupabaseKey {
  role: "publishable" | "secret" | "anon" | "service_role";
  legacy: boolean;
  /** Project ref from a legacy JWT; checked against the URL, since a key only works on its own project. */
  ref?: string;
  /** Expiry of a legacy JWT, in seconds since the epoch. */
  exp?: number;
}

export const isSecretRole = (key: SupabaseKey) => key.role === "secret" || key.role === "service_role";

const NEW_KEY = /^sb_(publishable|secret)_[A-Za-z0-9_-]{16,}$/;
const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;

/** Read locally (providers.md: "Decode locally… no network call"); the signature is Supabase's to check. */
export function readSupabaseKey(key: string): SupabaseKey | { problem: string } {
  if (/\s/.test(key)) return { problem: "The key contains a space or line break; copy it again in one piece." };
  const fresh = NEW_KEY.exec(key);
  if (fresh) return { role: fresh[1] as "publishable" | "secret", legacy: false };
  if (key.startsWith("sb_")) return { problem: "This sb_ key is incomplete; copy the whole key again from the API Keys page." };
  if (key.startsWith("sbp_")) return { problem: "This is a personal access token for the Management API (sbp_…), not a project key. Use the project's API keys instead." };
  if (!JWT.test(key)) return { problem: "A Supabase key starts with sb_publishable_ or sb_secret_ (or, for legacy keys, eyJ…). Copy it again from the API Keys page." };
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(key);
  } catch {
    return { problem: "This looks like a legacy key but cannot be read; copy the whole key again." };
  }
  const { iss, role, ref, exp } = claims;
  if (iss !== "supabase" || (role !== "anon" && role !== "service_role") || typeof ref !== "string") {
    return { problem: "This token is not a Supabase project key (it has no anon or service_role role). Copy the key from the project's API Keys page." };
  }
  return { role, legacy: true, ref, exp: typeof exp === "number" ? exp : undefined };
}

/** One field's format check; `secret` says which slot the field is, so a swapped key is named. */
export function supabaseKeySchema(secret: boolean) {
  return credentialSchema((value) => {
    const wanted = secret ? "secret key (sb_secret_…) or legacy service_role key" : "publishable key (sb_publishable_…) or legacy anon key";
    if (value === "") return `Paste the project's ${wanted}.`;
    const other = otherProviderHint(value, "supabase");
    if (other) return other;
    const read = readSupabaseKey(value);
    if ("problem" in read) return read.problem;
    if (isSecretRole(read) && !secret) {
      return "This is a secret key, which bypasses Row Level Security and must never reach a browser. Put it in the secret key field; this one takes the publishable (or anon) key.";
    }
    if (!isSecretRole(read) && secret) {
      return "This is the publishable (anon) key, which anyone may see. Put it in the publishable key field; this one takes sb_secret_… or the service_role key.";
    }
    return null;
  });
}
