import { requestStreamHandler } from "@/lib/api/request-stream";
import { requestRoute } from "@/lib/requests/deps";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const maxDuration = 300;

export const GET = requestRoute<{ orgSlug: string; id: string }>(requestStreamHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
