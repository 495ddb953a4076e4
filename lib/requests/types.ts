import type { PublicField } from "@/lib/providers/public";
import type { SetupStep } from "@/lib/providers/types";

/**
 * A credential request: one provider, one requester, one outcome. Asking for several providers
 * files one request per provider sharing a group id, so each coalesces, expires and resolves on
 * its own (an admin may add the OpenAI key today and decline Stripe).
 */
export const REQUEST_STATES = ["pending", "fulfilled", "declined", "expired", "canceled"] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export type TerminalState = Exclude<RequestState, "pending">;

/** Who asks: a person, an org API key, or an agent (lib/agents/) that found a credential missing. */
export type Requester =
  | { type: "user"; userId: string; label: string }
  | { type: "api_key"; keyId: string; label: string }
  | { type: "agent"; agentId: string; label: string };

export const requesterKey = (r: Requester) =>
  r.type === "user" ? `user:${r.userId}` : r.type === "api_key" ? `api_key:${r.keyId}` : `agent:${r.agentId}`;

export interface RequestRow {
  id: string;
  orgId: string;
  groupId: string | null;
  provider: string;
  reason: string;
  requesterType: "user" | "api_key" | "agent";
  requesterUserId: string | null;
  requesterKeyId: string | null;
  requester: string;
  requesterLabel: string;
  contextLabel: string | null;
  envNames: string[];
  /** As stored; a pending row past expiresAt is read as expired (see effectiveState). */
  state: RequestState;
  createdAt: Date;
  expiresAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  credentialId: string | null;
  credentialName: string | null;
  callbackUrl: string | null;
}

/** A pending request whose time is up is expired, whether or not the transition is persisted yet. */
export function effectiveState(row: Pick<RequestRow, "state" | "expiresAt">, now = new Date()): RequestState {
  return row.state === "pending" && new Date(row.expiresAt).getTime() <= now.getTime() ? "expired" : row.state;
}

export const isTerminal = (s: RequestState): s is TerminalState => s !== "pending";

/** Limits on filing requests, per requester and per org, in one rolling window. */
export interface RequestLimits {
  perRequester: number;
  perOrg: number;
  windowSeconds: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = { perRequester: 30, perOrg: 300, windowSeconds: 3600 };

export const DEFAULT_EXPIRY_MINUTES = 30;
export const MAX_EXPIRY_MINUTES = 7 * 24 * 60;

/** A provider asked for, as the admins' requests panel and its acquisition dialog show it (no secret). */
export interface PanelProvider {
  id: string;
  name: string;
  iconSlug: string | null;
  steps: SetupStep[];
  keysUrl: string;
  fields: PublicField[];
  hasDefault: boolean;
  /** Connected through Nango (its integration id), and whether this server has Nango set up; null for key-only providers. */
  oauth: { integration: string; configured: boolean } | null;
  /** The org's credentials of this provider that are Valid now: any of them can answer the request. */
  valid: { id: string; name: string }[];
}

export interface PanelItem {
  id: string;
  provider: string;
  reason: string;
  requesterLabel: string;
  contextLabel: string | null;
  envNames: string[];
  createdAt: string;
  expiresAt: string;
}


/**
 * A request as the person who filed it sees it: what they asked for, why, and where it stands.
 * No requester, callback or approver's identity: it is theirs, and only theirs is listed.
 */
export interface OwnRequest {
  id: string;
  provider: string;
  reason: string;
  state: RequestState;
  /** The credential that answered it, by name (fulfilled only). */
  credentialName: string | null;
  createdAt: string;
  expiresAt: string;
  resolvedAt: string | null;
}
