import { ApiKeyList } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { listApiKeys } from "@/lib/api/keys";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  // Read under row-level security: the policy shows keys to org admins only.
  const db = await getDb();
  const eventId = isAdmin ? await latestEventId(db, membership.orgId) : null;
  const keys = isAdmin ? await asUser(db, user.id, (tx) => listApiKeys(tx, membership.orgId)) : [];

  return (
    <div className="space-y-8">
      {/* member.*: a creator who leaves or loses the admin role takes their keys with them (a database trigger). */}
      {eventId !== null && <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["api_key.", "member."]} />}
      <div>
        <h1 className="text-3xl font-semibold text-white">API keys</h1>
        <p className="mt-2 max-w-prose text-fg-muted">
          Keys for the REST API (<code>/api/v1</code>) and the pull tool (Settings, Export). Send one in the <code className="whitespace-nowrap">X-API-Key</code> header.
          The API document is at <a className="text-white underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
        <p className="mt-2 max-w-prose text-fg-muted">
          A key acts with its creator&apos;s authority: when they leave this organization or stop being an admin, every key they created is revoked.
        </p>
      </div>
      {!isAdmin ? (
        <Alert tone="info">Only owners and admins create and revoke API keys.</Alert>
      ) : (
        <>
          {keys.length === 0 ? (
            <GlassPanel depth={1}><EmptyState title="No API keys yet" text="Create one below; it is shown once." /></GlassPanel>
          ) : (
            <ApiKeyList orgSlug={orgSlug} keys={keys} now={Date.now()} />
          )}
          <GlassPanel depth={2} className="max-w-xl p-6">
            <CreateApiKeyForm orgSlug={orgSlug} />
          </GlassPanel>
        </>
      )}
    </div>
  );
}
