import { route } from "@/lib/api/deps";
import { envHandler } from "@/lib/api/env";

// Authentication, org, the export scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const GET = route<{ orgSlug: string }>(envHandler);
