import type { Db } from "@/lib/db/types";
import type { OAuthTokenResult } from "@/lib/oauth/token";
import type { ValidationContext } from "@/lib/providers/types";
import type { RequestLimits } from "@/lib/requests/types";
import type { Vault } from "@/lib/vault/vault";
import type { BrokerLimits } from "./types";

/**
 * What the broker needs beyond a connection: the vault to open credentials, each provider's
 * context (its origin, with the operator override PROVIDER_BASE_URL_<ID>), and where approval
 * links point. Passed in, so tests call everything without Next running; agentDeps() builds the real one.
 */
export interface AgentDeps {
  db: Db;
  vault: Vault;
  context(providerId: string): ValidationContext;
  oauthToken?(orgId: string, integrationId: string): Promise<OAuthTokenResult>;
  /** Where approval links point (APP_URL, or this machine's address). */
  origin: string;
  limits?: Partial<BrokerLimits>;
  /**
   * Keeps work alive past the answer (Next's after()): with it, a brokered call's audit event is
   * written once the answer has ended, off the call's time; without, before the answer ends.
   */
  waitUntil?(task: Promise<unknown>): void;
  requestLimits?: RequestLimits;
}
