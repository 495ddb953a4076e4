import { cancelRequestHandler } from "@/lib/api/requests";
import { requestRoute } from "@/lib/requests/deps";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const POST = requestRoute<{ orgSlug: string; id: string }>(cancelRequestHandler);

// Any other method: 405 in the API's error shape, with Allow.
export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
