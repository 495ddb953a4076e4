import { getRequestHandler } from "@/lib/api/requests";
import { requestRoute } from "@/lib/requests/deps";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// ?wait= holds the request up to 55 s.
export const maxDuration = 60;

export const GET = requestRoute<{ orgSlug: string; id: string }>(getRequestHandler);
