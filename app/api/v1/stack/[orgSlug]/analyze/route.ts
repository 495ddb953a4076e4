import { route } from "@/lib/api/deps";
import { otherMethods } from "@/lib/api/methods";
import { analyzeStackHandler } from "@/lib/api/stack";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const POST = route<{ orgSlug: string }>(analyzeStackHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
