import { CopyField } from "@/components/api-keys/copy-field";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getDb } from "@/lib/db";
import { downloadName, exampleSource } from "@/lib/env-export/download";
import { variableNamesSummary } from "@/lib/env-export/example";
import { pullCommands } from "@/lib/env-export/pull-commands";
import { publicOrigin } from "@/lib/net/public-origin";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Export" };

export default async function ExportPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  const source = await exampleSource(await getDb(), membership.orgId);
  const names = source.providers.flatMap((p) => p.env.map((e) => e.name));
  // Plain links, not next/link: a download must not be prefetched, and prefetching would audit an export.
  const base = `/${orgSlug}/settings/export`;
  const { origin, configured } = publicOrigin();
  const commands = pullCommands(origin, orgSlug);
  const envFile = downloadName(membership.slug, "env");
  const exampleFile = downloadName(membership.slug, "example");

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Export</h1>
        <p className="mt-2 max-w-prose text-fg-muted">
          The default credential of each provider, as the environment variables its SDKs read. Every .env export is recorded in the audit trail.
        </p>
      </div>
      <GlassPanel depth={2} className="max-w-2xl space-y-4 p-6">
        <h2 className="text-lg font-medium text-white">Download</h2>
        <div className="flex flex-wrap gap-3">
          {isAdmin && <a className={buttonClasses("primary")} href={`${base}/env`} download={envFile}>Download .env</a>}
          <a className={buttonClasses("secondary")} href={`${base}/env-example`} download={exampleFile}>Download .env.example</a>
        </div>
        {/* Slugs run to 40 characters: the names may break anywhere rather than widen a phone's page. */}
        <p className="text-sm text-fg-muted [overflow-wrap:anywhere]">
          They arrive as <code>{envFile}</code> and <code>{exampleFile}</code>: browsers drop a leading dot from downloaded file names.
          Move the first into your project as <code>.env</code> (for example <code>mv ~/Downloads/{envFile} .env</code>),
          or point dotenv at it with <code>{`dotenv.config({ path: "${envFile}" })`}</code>; rename the second to <code>.env.example</code>.
        </p>
        {!isAdmin && <Alert tone="info">Only owners and admins can download the .env, since it holds the secrets. The .env.example holds names only.</Alert>}
        {names.length ? (
          <details className="text-sm text-fg-muted">
            <summary className="focus-ring w-fit cursor-pointer rounded">{variableNamesSummary(names.length, source.providers.length, source.catalog)}</summary>
            {!source.catalog && (
              <p className="mt-3">
                Counted per provider, not per credential: only each provider&apos;s default credential is exported, and some providers&apos; keys
                go under two names. The .env.example lists them all; the .env leaves out a field its credential does not fill.
              </p>
            )}
            <ul className="mt-3 flex flex-wrap gap-2">
              {names.map((name, i) => <li key={i}><code className="rounded-md border border-line px-2 py-0.5 text-xs">{name}</code></li>)}
            </ul>
          </details>
        ) : (
          <p className="text-sm text-fg-muted">No variables yet: add a credential first.</p>
        )}
      </GlassPanel>
      <GlassPanel depth={2} className="max-w-2xl space-y-4 p-6">
        <h2 className="text-lg font-medium text-white">Pull from a terminal</h2>
        <p className="text-sm text-fg-muted">
          With an API key that has the export scope (Settings, API keys) in <code>SWITCHBOARD_API_KEY</code>, this merges the variables into <code>./.env</code>,
          keeps your other variables, asks before changing a value, and adds <code>.env</code> to <code>.gitignore</code>.
        </p>
        {!configured && (
          <Alert tone="info">
            APP_URL is not set, so these commands use <code>{origin}</code>, this server&apos;s address on the machine it runs on. To pull from another
            machine, set APP_URL to the address Switchboard is reached at and restart it. (The address your browser used is not trusted for this: any client can send another.)
          </Alert>
        )}
        <CopyField label="Get the tool, once (Node 20 or later; no npm package involved)" value={commands.fetchTool} wrap />
        <CopyField label="Pull command" value={commands.pull} wrap />
      </GlassPanel>
    </div>
  );
}
