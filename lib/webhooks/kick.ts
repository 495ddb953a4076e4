import "server-only";
import { afterAnswer } from "@/lib/auth/traces";
import { drainFor } from "./timer";

/** After the answer: send what was just queued now rather than at the next timer tick or cron call. */
export function kickWebhooks(): void {
  afterAnswer(async () => { await drainFor(5000); });
}
