import "server-only";
import { integrationDeps } from "@/lib/integrations/deps";
import { publicOrigin } from "@/lib/net/public-origin";
import type { AgentDeps } from "./deps";

/** The broker wired as the app runs it. */
export async function agentDeps(): Promise<AgentDeps> {
  return { ...(await integrationDeps()), origin: publicOrigin().origin };
}
