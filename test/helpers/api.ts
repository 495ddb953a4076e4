import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ApiDeps } from "@/lib/api/context";
import type { Scope } from "@/lib/api/keys";
import { createOrgApiKey } from "@/lib/api/manage-keys";
import type { Db } from "@/lib/db/types";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { startProviderFake, type ProviderFake } from "../fakes/provider-fake";
import { freshDb, type DbKind } from "./db";
import { makeOrg } from "./fixtures";

export type Org = Awaited<ReturnType<typeof makeOrg>>;

/** A migrated database, the provider fake, a local-key vault and two orgs, wired like the real app. */
export async function apiWorld(kind: DbKind, label: string) {
  const db: Db = await freshDb(kind);
  const fake: ProviderFake = await startProviderFake();
  const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-api-")));
  const deps: ApiDeps = {
    db,
    vault: createVault({ kek, cacheTtlMs: 60_000 }),
    context: (id) => validationContext({ providerBaseUrls: { [id]: fake.url }, PROVIDER_TIMEOUT_MS: 2000 }, id),
    rateLimit: { limit: 10_000, windowSeconds: 60 },
  };
  const a = await makeOrg(db, `${label}-a-${kind}`);
  const b = await makeOrg(db, `${label}-b-${kind}`);
  return { db, fake, deps, kek, a, b, close: async () => { await fake.close(); await db.close(); } };
}

/** A key of this org; `expiresAt` in the past gives an expired key, `revoked` a revoked one. */
export async function makeKey(db: Db, org: Org, scopes: Scope[], opts: { expiresAt?: Date; revoked?: boolean } = {}) {
  const { key, row } = await createOrgApiKey(db, { userId: org.users.admin }, {
    orgId: org.orgId, name: `key ${scopes.join("+")}`, scopes, createdBy: org.users.admin, expiresAt: opts.expiresAt ?? null,
  });
  if (opts.revoked) await db.query(`update api_keys set revoked_at = now() where id = $1`, [row.id]);
  return { key, prefix: row.prefix, id: row.id };
}

/** A Request as a client would send it; the handlers never look at the host. */
export function apiRequest(method: string, url: string, opts: { key?: string; json?: unknown; body?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { "user-agent": "jest-api-client" };
  if (opts.key !== undefined) headers["x-api-key"] = opts.key;
  if (opts.ip) headers["x-forwarded-for"] = opts.ip;
  const body = opts.body ?? (opts.json === undefined ? undefined : JSON.stringify(opts.json));
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://switchboard.test${url}`, { method, headers, body });
}

/** An OpenAI-shaped key the fake recognises by its tag. */
export const openaiKey = (tag: string) => `sk-proj-${tag}${"Ab3d".repeat(12)}T3BlbkFJ${"Zz9y".repeat(12)}`;
