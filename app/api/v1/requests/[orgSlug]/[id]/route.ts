import { getRequestHandler } from "@/lib/api/requests";
import { requestRoute } from "@/lib/requests/deps";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// ?wait= holds the request up to 55 s.
export const maxDuration = 60;

export const GET = requestRoute<{ orgSlug: string; id: string }>(getRequestHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
