import { redirect } from "next/navigation";

// /{org}/settings/webhooks has no page of its own: it opens outgoing webhooks, the tab's first page.
export default async function WebhooksIndex({ params }: { params: Promise<{ orgSlug: string }> }) {
  redirect(`/${encodeURIComponent((await params).orgSlug)}/settings/webhooks/outgoing`);
}
