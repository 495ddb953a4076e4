import { redirect } from "next/navigation";

// /{org}/settings has no page of its own: it opens the first settings tab.
export default async function SettingsIndex({ params }: { params: Promise<{ orgSlug: string }> }) {
  redirect(`/${encodeURIComponent((await params).orgSlug)}/settings/integrations`);
}
