import { z } from "zod";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { AuditTrail } from "@/components/settings/audit-trail";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { listAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { requireOrgMember } from "@/lib/orgs/context";
import { getProvider } from "@/lib/providers";

export const metadata = { title: "Audit log" };

const PAGE = 50;
// What the newest page follows live: the audited changes that also raise an org event (sign-ins
// and exports raise none; deployment progress and inbound deliveries are too frequent to re-read on).
const LIVE = ["integration.", "credential.", "notification.", "invitation.", "member.", "billing.", "request.", "api_key.", "deployment.state_changed"];
// An event id from the "Older events" link; anything else starts from the newest event.
const Cursor = z.string().regex(/^\d{1,18}$/).optional().catch(undefined);

export default async function AuditPage({ params, searchParams }: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<{ before?: string | string[] }>;
}) {
  const { orgSlug } = await params;
  const before = Cursor.parse((await searchParams).before);
  const { user, membership } = await requireOrgMember(orgSlug);
  const header = <PageHeader title="Audit log">Every store, check, decrypt, export and key change, with who did it and from where.</PageHeader>;

  if (membership.role === "member") {
    return (
      <div className="space-y-8">
        {header}
        <GlassPanel depth={1}>
          <EmptyState title="Only owners and admins read the audit log" text="Ask an admin of this organization if you need to know who changed a credential." />
        </GlassPanel>
      </div>
    );
  }

  // One extra row says whether an older page exists.
  const db = await getDb();
  const eventId = before ? null : await latestEventId(db, membership.orgId);
  const rows = await asUser(db, user.id, (tx) => listAudit(tx, membership.orgId, { limit: PAGE + 1, before }));
  const events = rows.slice(0, PAGE);
  const providerNames = Object.fromEntries(events.flatMap((e) => (e.provider ? [[e.provider, getProvider(e.provider)?.name ?? e.provider]] : [])));
  const older = rows.length > PAGE ? events[events.length - 1].id : null;
  return (
    <div className="space-y-8">
      {eventId !== null && <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={LIVE} />}
      {header}
      {events.length === 0 ? (
        <GlassPanel depth={1}>
          <EmptyState
            title={before ? "No older events" : "Nothing has happened yet"}
            text={before ? "This is the beginning of the log." : "Events appear here as soon as someone stores, checks or exports a credential."}
            action={<ButtonLink href={before ? `/${orgSlug}/settings/audit` : `/${orgSlug}/integrations`}>{before ? "Newest events" : "Connect a provider"}</ButtonLink>}
          />
        </GlassPanel>
      ) : (
        <AuditTrail events={events} providerNames={providerNames} />
      )}
      {(older || before) && (
        <nav aria-label="Audit log pages" className="flex justify-between gap-3">
          {before ? <ButtonLink variant="outline" href={`/${orgSlug}/settings/audit`}>Newest events</ButtonLink> : <span />}
          {older && <ButtonLink variant="secondary" href={`/${orgSlug}/settings/audit?before=${older}`}>Older events</ButtonLink>}
        </nav>
      )}
    </div>
  );
}
