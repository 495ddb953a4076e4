import { route } from "@/lib/api/deps";
import { listIntegrationsHandler } from "@/lib/api/integrations-read";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const GET = route<{ orgSlug: string }>(listIntegrationsHandler);
