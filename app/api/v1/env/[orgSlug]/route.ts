import { route } from "@/lib/api/deps";
import { envHandler } from "@/lib/api/env";
import { otherMethods } from "@/lib/api/methods";

// Authentication, org, the export scope and rate limit are checked inside the handler (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const GET = route<{ orgSlug: string }>(envHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
