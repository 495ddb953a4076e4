// Every kind's follower, registered once per process: one import per provider. The worker imports
// this module, so a deployment of a kind listed here is followed on every instance.
export {};
