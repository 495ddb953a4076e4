import { Alert } from "@/components/ui/alert";
import type { ConnectPhase } from "./use-connect-ui";

/** The one line that says where a Connect UI attempt stands; announced politely, errors assertively. */
export function ConnectPhaseMessage({ phase, providerName }: { phase: ConnectPhase; providerName: string }) {
  switch (phase.kind) {
    case "open":
      return <p className="text-sm text-fg-muted">Finish signing in to {providerName} in Nango's window.</p>;
    case "waiting":
      return <p className="text-sm text-fg-muted">Signed in. Waiting for Nango to confirm the connection…</p>;
    case "done":
      return phase.status === "VALID"
        ? <Alert tone="success">Connected. {providerName} is valid; its tokens stay with Nango.</Alert>
        : <Alert tone="warning">Nango recorded the connection as {phase.status.toLowerCase()}{phase.reason ? `: ${phase.reason}` : "."}</Alert>;
    case "failed":
      return <Alert tone="error">{phase.message}</Alert>;
    default:
      return null;
  }
}
