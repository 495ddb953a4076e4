import { GlassPanel } from "@/components/ui/glass-panel";
import type { ApiKeyListRow, ApiKeyRow } from "@/lib/api/keys";
import { formatWhen } from "@/lib/format";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

function state(k: ApiKeyRow, now: number): { word: string; live: boolean } {
  if (k.revokedAt) return { word: `Revoked ${formatWhen(k.revokedAt)}`, live: false };
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= now) return { word: `Expired ${formatWhen(k.expiresAt)}`, live: false };
  return { word: k.expiresAt ? `Expires ${formatWhen(k.expiresAt)}` : "Never expires", live: true };
}

/**
 * The org's keys by prefix; the secret part was shown once, at creation, and is not known here.
 * Each names its creator: a key works only while that person is an owner or admin here.
 */
export function ApiKeyList({ orgSlug, keys, now }: { orgSlug: string; keys: ApiKeyListRow[]; now: number }) {
  return (
    <GlassPanel depth={2} as="ul" className="divide-y divide-line" aria-label="API keys">
      {keys.map((k) => {
        const s = state(k, now);
        return (
          <li key={k.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4" data-api-key={k.prefix}>
            <div className="min-w-0 flex-1 space-y-0.5">
              <p className="text-white">{k.name} <code className="ml-2 text-xs text-fg-muted">sbk_{k.prefix}_…</code></p>
              <p className="text-sm text-fg-muted">Scopes: {k.scopes.join(", ")} · {s.word}</p>
              <p className="text-sm text-fg-muted">
                Created {formatWhen(k.createdAt)} by {k.createdByEmail ?? "a former member"} · {k.lastUsedAt ? `Last used ${formatWhen(k.lastUsedAt)}` : "Never used"}
              </p>
            </div>
            {s.live && <RevokeApiKeyButton orgSlug={orgSlug} keyId={k.id} name={k.name} />}
          </li>
        );
      })}
    </GlassPanel>
  );
}
