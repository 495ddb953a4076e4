import "server-only";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { oauthAccessToken } from "@/lib/oauth/token";
import { validationContext } from "@/lib/providers/context";
import { getVault } from "@/lib/vault";
import type { Deps } from "./service";

export async function integrationDeps(): Promise<Deps> {
  return {
    db: await getDb(),
    vault: await getVault(),
    context: (providerId) => validationContext(env, providerId),
    oauthToken: oauthAccessToken,
  };
}
