import "server-only";
import type { Db } from "@/lib/db/types";
import { parseOpenedCredential } from "@/lib/integrations/credential";
import { listIntegrations } from "@/lib/integrations/queries";
import { getProvider } from "@/lib/providers";
import { scrub } from "@/lib/providers/http";
import { readSecret } from "@/lib/vault/secrets";
import { isBrokenCredential, type Vault } from "@/lib/vault/vault";
import { encodedForms } from "./secret-forms";

export const MASK = "[masked]";

// Shorter values would mask ordinary words in a build log; no provider issues a secret this short.
const MIN_SECRET = 8;

export interface Masker {
  /** The text with every stored secret value, its encoded forms, and every 16+ character piece of one, replaced. */
  mask(text: string): string;
  /** Adds values known only now (an OAuth access token the follower fetched). */
  add(values: Iterable<string>): void;
}

/**
 * Masks whole values and their URL, base64 and JSON-escaped forms first (longest first, so a key
 * that contains another is hidden whole), then partial echoes of the plain values with the
 * providers' scrub (a build printing the first 20 characters of a key). Partial echoes of an
 * encoded form are not looked for: scrub's cost grows with every string it holds, and it runs on
 * every log line.
 */
export function createMasker(initial: Iterable<string> = []): Masker {
  const values = new Set<string>();
  let plain: string[] = [];
  let forms: string[] = [];
  const add = (more: Iterable<string>) => {
    const fresh = [...more].filter((v) => v.length >= MIN_SECRET && !values.has(v));
    if (fresh.length === 0) return;
    for (const v of fresh) values.add(v);
    const all = new Set(forms);
    for (const v of fresh) {
      all.add(v);
      for (const f of encodedForms(v)) if (f.length >= MIN_SECRET) all.add(f);
    }
    plain = [...values].sort((a, b) => b.length - a.length);
    forms = [...all].sort((a, b) => b.length - a.length);
  };
  add(initial);
  return {
    mask(text) {
      let out = text;
      for (const v of forms) if (out.includes(v)) out = out.split(v).join(MASK);
      return scrub(out, plain);
    },
    add,
  };
}

/** The secret strings in one opened credential: secret fields whole; JSON files whole and by their long leaves and lines. */
function secretValues(providerId: string, fields: Record<string, string>): string[] {
  const provider = getProvider(providerId);
  const out: string[] = [];
  for (const field of provider?.fields ?? []) {
    const value = fields[field.name];
    if (typeof value !== "string" || field.kind === "text") continue;
    out.push(value);
    if (field.kind !== "json") continue;
    const leaves: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === "string") leaves.push(v, ...v.split(/\r?\n/));
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    try {
      walk(JSON.parse(value));
    } catch { /* a JSON field that does not parse is still masked whole */ }
    out.push(...leaves.filter((l) => l.length >= 16));
  }
  return out;
}

/**
 * A masker holding every value of the org's stored secrets, opened now. A credential whose data
 * does not open cannot be printed by anyone from here, so it is skipped; a key service that does
 * not answer throws, and the caller stores nothing rather than lines it could not mask.
 */
export async function orgMasker(deps: { db: Db; vault: Vault }, orgId: string): Promise<Masker> {
  const values: string[] = [];
  for (const row of await listIntegrations(deps.db, orgId)) {
    if (row.authType !== "api_key") continue;
    const sealed = await readSecret(deps.db, { orgId, integrationId: row.id });
    if (!sealed) continue;
    try {
      const opened = parseOpenedCredential(await deps.vault.open(deps.db, { orgId, integrationId: row.id, provider: row.provider }, sealed));
      values.push(...secretValues(row.provider, opened));
    } catch (err) {
      if (!isBrokenCredential(err)) throw err;
    }
  }
  return createMasker(values);
}
