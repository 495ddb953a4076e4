import { route } from "@/lib/api/deps";
import { analyzeStackHandler } from "@/lib/api/stack";

// Authentication, org, scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const POST = route<{ orgSlug: string }>(analyzeStackHandler);
