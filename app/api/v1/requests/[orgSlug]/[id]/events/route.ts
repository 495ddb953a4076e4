import { requestStreamHandler } from "@/lib/api/request-stream";
import { requestRoute } from "@/lib/requests/deps";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
export const maxDuration = 300;

export const GET = requestRoute<{ orgSlug: string; id: string }>(requestStreamHandler);
