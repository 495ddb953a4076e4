import "server-only";
import { after } from "next/server";
import { integrationDeps } from "@/lib/integrations/deps";
import { publicOrigin } from "@/lib/net/public-origin";
import type { AgentDeps } from "./deps";

/** The broker wired as the app runs it. */
export async function agentDeps(): Promise<AgentDeps> {
  return { ...(await integrationDeps()), origin: publicOrigin().origin, waitUntil: keepAlive };
}

// after() keeps a serverless function alive until the task ends; outside a request (a script) it
// throws, and the task, already running, simply finishes on its own.
function keepAlive(task: Promise<unknown>): void {
  try {
    after(task);
  } catch {
    // nothing to keep alive
  }
}
