import type { AuditAction, AuditOutcome, AuditRow } from "@/lib/audit";

/**
 * The Outcome column in words. Every outcome a writer may record has its words here (a new one
 * fails the typecheck, as LABEL does for actions); the same code can mean different things for
 * different actions, so BY_ACTION says those in the action's own terms.
 */
const WORDS: Record<AuditOutcome, string> = {
  // A credential's check, as the check timeline says it (check-timeline.tsx).
  valid: "Valid",
  valid_but_insufficient: "Valid, missing a permission",
  invalid: "Rejected",
  provider_outage: "Provider down or unreachable",
  rate_limited: "Rate-limited",
  unknown: "Could not tell",
  unverified: "Saved without verifying",
  unreadable: "Could not decrypt it",

  created: "Created",
  deleted: "Deleted",
  renamed: "Renamed",
  switched: "Made default",
  field_set: "Field saved",
  revoked: "Revoked",
  removed: "Removed",
  enabled: "Enabled",
  disabled: "Disabled",
  disabled_by_switchboard: "Disabled by Switchboard after failed deliveries",
  rotated: "Rotated",
  queued: "Queued",
  exported: "Exported",
  partial: "Partly done",
  started: "Started",
  requested: "Requested",
  synced: "Synced",
  unchanged: "Nothing to change",
  refused: "Refused",
  already_gone: "Already gone",
  exists: "Already set up",
  failed: "Failed",
  granted: "Granted",
  edited: "Changed",
  plan_limit: "Refused: plan limit reached",
  name_taken: "Refused: name already taken",

  owner: "Role: owner",
  admin: "Role: admin",
  member: "Role: member",
  free: "Now on Free",
  team: "Now on Team",
  business: "Now on Business",
  pending: "Pending",
  fulfilled: "Fulfilled",
  declined: "Declined",
  expired: "Expired",
  canceled: "Canceled",

  revealed: "Handed over",
  derived: "Temporary key issued",
  credential_missing: "No usable credential: a request was filed",
  forwarded: "Forwarded",
  timeout: "Timed out",
  unreachable: "Provider unreachable",
  stream_error: "The answer broke off",
  ok: "Done",
  no_grant: "Refused: no grant",
  operation_not_granted: "Refused: operation not granted",
  grant_expired: "Refused: grant expired",
  grant_used_up: "Refused: grant used up",
  method_not_granted: "Refused: method not granted",
  path_not_granted: "Refused: path not granted",
  agent_revoked: "Refused: agent revoked",
  agent_expired: "Refused: agent expired",
  agent_address_not_allowed: "Refused: address not allowed",
  provider_not_proxied: "Refused: provider not proxied",
  invalid_path: "Refused: invalid path",
  request_too_large: "Refused: request too large",
  upstream_timeout: "Provider did not answer in time",
  upstream_unreachable: "Provider unreachable",
  key_service_unavailable: "Key service unavailable",
  invalid_request: "Refused: invalid request",

  answered: "Answered",
  malformed: "Answer not usable",

  "wrong password": "Wrong password",
  locked: "Locked out",
  "needs owner": "Refused: needs the owner role",
  "needs admin": "Refused: needs the admin role",
  "needs member": "Refused: needs membership",
  "not a member": "Refused: not a member",
  "org forbidden": "Refused: the key belongs to this org, not the one asked for",
  "issued by owner": "Issued by an owner",
  "issued by operator": "Issued by the operator",
  "with owner's code": "With an owner's code",
  "with operator's code": "With the operator's code",
};

// Where an action gives a code its own meaning.
const BY_ACTION: Partial<Record<AuditAction, Partial<Record<AuditOutcome, string>>>> = {
  "request.create": { pending: "Waiting for a credential" },
  "deployment.cancel": { requested: "Cancel requested" },
  "runpod.endpoint_create": { refused: "Refused by RunPod" },
  "integration.export": { partial: "Some variables left out" },
  "agent.env": { partial: "Some variables left out" },
  "deployment.env_sync": { partial: "Partly synced" },
  "oauth.connect": { valid: "Connected" },
  "oauth.reconnect": { valid: "Reconnected" },
  "oauth.refresh_failed": { invalid: "Refused by the provider" },
  "member.join": { owner: "Joined as owner", admin: "Joined as admin", member: "Joined as member" },
  "agent.call": { canceled: "The caller stopped reading", timeout: "Provider did not answer in time" },
  "stack.analyze_model": { failed: "The model call failed", timeout: "The model did not answer in time" },
  "webhook.provider_setup": { failed: "Failed at the provider" },
};

// Written by earlier versions, no longer by any writer: still read in words.
const FORMER: Record<string, string> = { replaced: "Replaced" };

/** An event's outcome in words; a value none of the maps knows reads as itself, never blank. */
export function auditOutcome(e: Pick<AuditRow, "action" | "outcome">): string {
  const code = e.outcome as AuditOutcome;
  const said = BY_ACTION[e.action]?.[code] ?? (Object.hasOwn(WORDS, code) ? WORDS[code] : FORMER[e.outcome]);
  if (said) return said;
  const plain = e.outcome.replaceAll("_", " ").trim();
  return plain ? plain[0].toUpperCase() + plain.slice(1) : "Recorded";
}
