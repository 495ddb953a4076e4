import { fulfilRequestHandler } from "@/lib/api/requests";
import { requestRoute } from "@/lib/requests/deps";

export const dynamic = "force-dynamic";

export const POST = requestRoute<{ orgSlug: string; id: string }>(fulfilRequestHandler);
