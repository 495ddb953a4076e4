import { route } from "@/lib/api/deps";
import { setupIntegrationHandler } from "@/lib/api/integrations-write";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const POST = route<{ orgSlug: string; provider: string }>(setupIntegrationHandler);
