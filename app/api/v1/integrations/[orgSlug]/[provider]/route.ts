import { route } from "@/lib/api/deps";
import { getIntegrationHandler } from "@/lib/api/integrations-read";
import { deleteIntegrationHandler } from "@/lib/api/integrations-write";
import { otherMethods } from "@/lib/api/methods";

// Authentication, org, scope and rate limit are checked inside each handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const GET = route<{ orgSlug: string; provider: string }>(getIntegrationHandler);
export const DELETE = route<{ orgSlug: string; provider: string }>(deleteIntegrationHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH } = otherMethods("GET", "DELETE");
