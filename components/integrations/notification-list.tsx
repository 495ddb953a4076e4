import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatWhen } from "@/lib/format";
import { CREDENTIAL_EXPIRING, CREDENTIAL_INVALID, CREDENTIAL_RENAMED, CREDENTIAL_UNREADABLE, UNVERIFIED_REJECTED, type NotificationRow } from "@/lib/integrations/notifications";
import { getProvider } from "@/lib/providers";
import { WEBHOOK_DISABLED } from "@/lib/webhooks/notification-kinds";
import { DismissNotificationButton } from "./dismiss-notification-button";

function headline(n: NotificationRow): string {
  const provider = n.provider ? getProvider(n.provider)?.name ?? n.provider : null;
  if (n.kind === CREDENTIAL_INVALID && provider) return `${provider} ${n.integrationName} stopped working at ${formatWhen(n.createdAt)}`;
  // It never worked: it was saved without verifying and its first check failed.
  if (n.kind === UNVERIFIED_REJECTED && provider) return `${provider} rejected ${n.integrationName}, the key saved without verifying, at ${formatWhen(n.createdAt)}`;
  if (n.kind === CREDENTIAL_EXPIRING && provider) return `${provider} ${n.integrationName} expires soon`;
  if (n.kind === CREDENTIAL_UNREADABLE && provider) return `${provider} ${n.integrationName} could not be decrypted and was left out of an export`;
  if (n.kind === CREDENTIAL_RENAMED && provider) return `${provider} ${n.integrationName} was renamed`;
  if (n.kind === WEBHOOK_DISABLED) return `A webhook subscription was disabled at ${formatWhen(n.createdAt)}`;
  return `Needs attention since ${formatWhen(n.createdAt)}`;
}

/** Open notifications, newest first. Admins can dismiss them; members read them. */
export function NotificationList({ orgSlug, notifications, canDismiss }: { orgSlug: string; notifications: NotificationRow[]; canDismiss: boolean }) {
  if (notifications.length === 0) return null;
  return (
    <section aria-labelledby="notifications-title" className="mb-8">
      <h2 id="notifications-title" className="sr-only">Needs attention</h2>
      <ul className="space-y-3">
        {notifications.map((n) => {
          const title = headline(n);
          return (
            <li key={n.id} className="flex flex-wrap items-start gap-3" data-notification={n.kind}>
              {/* Already on the page when it loads: role="alert" would interrupt with every item at once. */}
              <Alert tone={n.kind === CREDENTIAL_EXPIRING || n.kind === CREDENTIAL_RENAMED ? "warning" : "error"} role={undefined} title={title} className="min-w-0 flex-1">
                <p>{n.message}</p>
                {n.provider && (
                  <p>
                    <Link href={`/${orgSlug}/integrations/${n.provider}`}>
                      {canDismiss && n.kind !== CREDENTIAL_RENAMED ? "Fix it: replace or re-validate the key" : "See the credential"}
                    </Link>
                  </p>
                )}
              </Alert>
              {canDismiss && <DismissNotificationButton orgSlug={orgSlug} notificationId={n.id} label={title} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
