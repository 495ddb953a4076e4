import { cn } from "@/components/ui/cn";

/**
 * Marks the credential handed out when none is named (exports, agents' provider default). It says
 * "used by default" rather than "default": beside a credential named "default" the bare word read
 * "default default", which told nobody anything.
 */
export function DefaultBadge({ className }: { className?: string }) {
  return <span className={cn("whitespace-nowrap rounded-md border border-line-strong px-1.5 py-0.5 text-xs text-fg-muted", className)}>used by default</span>;
}
