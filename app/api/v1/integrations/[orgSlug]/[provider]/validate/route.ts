import { route } from "@/lib/api/deps";
import { validateIntegrationHandler } from "@/lib/api/integrations-write";
import { otherMethods } from "@/lib/api/methods";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const POST = route<{ orgSlug: string; provider: string }>(validateIntegrationHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
