import { route } from "@/lib/api/deps";
import { listIntegrationsHandler } from "@/lib/api/integrations-read";
import { otherMethods } from "@/lib/api/methods";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const GET = route<{ orgSlug: string }>(listIntegrationsHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
