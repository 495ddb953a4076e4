import { createRequestHandler, listRequestsHandler } from "@/lib/api/requests";
import { requestRoute } from "@/lib/requests/deps";
import { otherMethods } from "@/lib/api/methods";

// Authentication, org, scope and rate limit are checked inside the handlers (lib/api/auth.ts).
export const dynamic = "force-dynamic";

export const POST = requestRoute<{ orgSlug: string }>(createRequestHandler);
export const GET = requestRoute<{ orgSlug: string }>(listRequestsHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
