import type { ReactNode } from "react";
import type { DeploymentState } from "@/lib/deployments/types";
import { cn } from "@/components/ui/cn";

type Look = { word: string; shape: string; tone: string; mark: ReactNode; spin?: boolean };

// Word and silhouette per state, as the credential badges do: never colour alone.
const LOOKS: Record<DeploymentState, Look> = {
  queued: { word: "Queued", shape: "dashed-ring", tone: "text-fg-muted border-line-strong", mark: <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeDasharray="3 2.3" /> },
  building: {
    word: "Building", shape: "arc", tone: "text-warning border-warning/40", spin: true,
    mark: (<><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" /><path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" /></>),
  },
  ready: { word: "Ready", shape: "circle-check", tone: "text-success border-success/40", mark: (<><circle cx="8" cy="8" r="7" fill="currentColor" /><path d="M4.5 8.2 7 10.6l4.5-5" stroke="#0a0a0a" strokeWidth="1.8" fill="none" /></>) },
  error: { word: "Failed", shape: "square-cross", tone: "text-error border-error/50", mark: (<><rect x="1.5" y="1.5" width="13" height="13" fill="currentColor" /><path d="m5 5 6 6m0-6-6 6" stroke="#0a0a0a" strokeWidth="1.8" /></>) },
  canceled: { word: "Canceled", shape: "slashed-ring", tone: "text-fg-muted border-line-strong", mark: (<><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" /><path d="m4 12 8-8" stroke="currentColor" strokeWidth="1.8" /></>) },
};

export const deploymentStateWord = (s: DeploymentState) => LOOKS[s].word;

/** A deployment's state as a pill: shape, word and colour, with the provider's own word beside it when given. Server-compatible. */
export function DeploymentStateBadge({ state, providerState, className }: { state: DeploymentState; providerState?: string | null; className?: string }) {
  const look = LOOKS[state];
  return (
    <span data-state={state} className={cn("inline-flex items-center gap-1.5 rounded-full border bg-black/50 px-2.5 py-0.5 text-xs font-medium whitespace-nowrap", look.tone, className)}>
      <svg width={12} height={12} viewBox="0 0 16 16" aria-hidden="true" focusable="false" data-shape={look.shape} className={cn("shrink-0", look.spin && "motion-safe:animate-spin")}>
        {look.mark}
      </svg>
      <span className="sr-only">State: </span>
      {look.word}
      {providerState && providerState.toLowerCase() !== look.word.toLowerCase() && <span className="text-fg-muted">({providerState})</span>}
    </span>
  );
}
