// Runs once when a server instance starts: a wrong configuration stops start-up here with a
// sentence naming the variable, and migrations apply before the first request, not during it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // First, before any request is let through: the audit trail records the socket's address from it.
  (await import("./lib/net/peer-address")).installPeerHeader();
  const { startServer } = await import("./lib/startup");
  await startServer();
}
