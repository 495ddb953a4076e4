import type { DeploymentKind, Follower } from "./types";

// Filled by followers.ts, which imports each kind's follower: one line per provider there.
const followers = new Map<DeploymentKind, Follower>();

export function registerFollower(follower: Follower): void {
  followers.set(follower.kind, follower);
}

/** The follower of a kind, or undefined when this build has none (the worker then leaves it be). */
export function followerFor(kind: DeploymentKind): Follower | undefined {
  return followers.get(kind);
}
