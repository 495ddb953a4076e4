import { runpodFollower } from "@/lib/runpod/follower";
import { registerFollower } from "./registry";
import { vercelFollower } from "./vercel/follower";

// Every kind's follower, registered once per process: one line per provider. The worker imports
// this module, so a deployment of a kind registered here is followed on every instance.
registerFollower(vercelFollower);
registerFollower(runpodFollower);
