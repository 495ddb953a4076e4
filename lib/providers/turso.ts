import "server-only";
import { decodeJwt } from "jose";
import { allowedOrigin, systemResolver, userOriginTarget, type Resolver } from "@/lib/net/ssrf";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Turso";
const EXAMPLE = "libsql://<db>-<org>.turso.io";
// Any name under turso.io, since newer databases carry a region label (<db>-<org>.aws-us-east-1.turso.io).
const DATABASE_HOST = /^([a-z0-9-]+\.)+turso\.io$/;
const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/;

/** The https origin of a libsql:// or https:// database URL (the HTTP API is the same host). */
function readDatabaseUrl(text: string): { origin: string; hostname: string } | { problem: string } {
  if (/authToken=/i.test(text)) return { problem: "Remove ?authToken=… from the URL and paste the token in the token field: a token in a URL ends up in logs." };
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1].toLowerCase();
  if (scheme !== "libsql" && scheme !== "https") return { problem: `The database URL starts with libsql:// or https://, like ${EXAMPLE}.` };
  return allowedOrigin(text.replace(/^libsql:\/\//i, "https://").replace(/\/+$/, "/"), DATABASE_HOST, EXAMPLE);
}

const databaseUrl = credentialSchema((value) => {
  if (value === "") return `Paste the database URL, like ${EXAMPLE} (turso db show <db> --url prints it).`;
  const read = readDatabaseUrl(value);
  return "problem" in read ? read.problem : null;
});

/** Expiry from the token's exp claim, read locally; undefined when the token never expires. */
function tokenExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

const authToken = credentialSchema((value) => {
  if (value === "") return "Paste the database auth token (turso db tokens create <db> prints it).";
  const other = otherProviderHint(value, "turso");
  if (other) return other;
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  if (!JWT.test(value)) return "A Turso database token starts with eyJ and has three parts separated by dots. Copy the whole token again.";
  const exp = tokenExpiry(value);
  if (exp !== undefined && exp < Date.now()) return `This token expired on ${new Date(exp).toISOString().slice(0, 10)}; create a new one with turso db tokens create <db>.`;
  return null;
});

// The documented read-only probe: one statement, then close the stream so no baton is left open.
const PIPELINE = JSON.stringify({ requests: [{ type: "execute", stmt: { sql: "SELECT 1" } }, { type: "close" }] });

type PipelineResult = { type?: unknown; error?: { message?: unknown } };

/** Turso answers errors as {"error":"…"} (a string), which providerMessage does not read. */
const tursoMessage = (json: unknown) => {
  const error = (json as { error?: unknown } | null)?.error;
  return typeof error === "string" && error.trim() ? error.trim().slice(0, 300) : providerMessage(json);
};

/** The resolver is injectable so tests can make a turso.io name resolve to a private address. */
export function createTurso(resolve: Resolver = systemResolver): ProviderDefinition {
  return {
    id: "turso",
    name: NAME,
    category: "backend",
    description: "A Turso (libSQL) database, reached with its URL and a database auth token.",
    fields: [
      { name: "databaseUrl", label: "Database URL", kind: "text", placeholder: EXAMPLE, schema: databaseUrl },
      { name: "authToken", label: "Database auth token", kind: "secret", placeholder: "eyJhbGciOiJFZERTQSIs…", schema: authToken },
    ],

    validate(credential, ctx) {
      const token = credential.authToken?.trim() ?? "";
      return safeCheck(NAME, [token], async () => {
        // Repeated here, not only in the form: a stored credential must never reach another host.
        const db = readDatabaseUrl(credential.databaseUrl?.trim() ?? "");
        if ("problem" in db) return { outcome: "invalid", reason: db.problem };
        const target = await userOriginTarget(ctx, db.origin, resolve);
        if ("failure" in target) return target.failure;
        const call = await callProvider(target.ctx, NAME, {
          url: `${target.origin}/v2/pipeline`,
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: PIPELINE,
        });
        if ("failure" in call) return call.failure;
        const res = call.response;
        const result = classifyStatus(res, NAME, tursoMessage(res.json));
        if (result.outcome !== "valid") return result;

        const first = ((res.json as { results?: PipelineResult[] } | null)?.results ?? [])[0];
        if (first?.type !== "ok") {
          const said = typeof first?.error?.message === "string" ? ` Turso said: ${first.error.message}` : "";
          return { outcome: "unknown", httpStatus: res.status, reason: `Turso answered the check without running it, so the token was neither accepted nor rejected.${said}` };
        }
        const exp = tokenExpiry(token);
        const details: NonNullable<CheckResult["details"]> = { database: db.hostname.split(".")[0], host: db.hostname, expiresAt: exp ? new Date(exp).toISOString() : "never" };
        return { outcome: "valid", httpStatus: res.status, reason: `Turso accepted the token and ran SELECT 1 on ${db.hostname}.`, accountLabel: db.hostname, details };
      });
    },

    fingerprint: (credential) => lastFour(credential.authToken),

    env: [
      { name: "TURSO_DATABASE_URL", field: "databaseUrl", description: "The libsql:// URL, as @libsql/client expects it (a convention, not read by the SDK)." },
      { name: "TURSO_AUTH_TOKEN", field: "authToken", description: "Database auth token, passed as authToken to @libsql/client." },
    ],
    setupSteps: [
      { text: "Sign in to Turso, or create an account, and create a database.", link: { href: "https://app.turso.tech", label: "Turso" } },
      { text: "Open the database and copy its URL (or run turso db show <db> --url)." },
      { text: 'Click "Create Token" on the database page (or run turso db tokens create <db>); choose read-only if the app only reads.' },
      { text: "Paste the URL and the token here. Switchboard runs SELECT 1, which changes nothing." },
    ],
    keysUrl: "https://app.turso.tech",
    iconSlug: "turso",
    oauth: false,
  };
}

export const turso = createTurso();
