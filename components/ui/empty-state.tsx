import type { ReactNode } from "react";
import { cn } from "./cn";

export type EmptyStateProps = {
  title: ReactNode;
  text?: ReactNode;
  /** A Button, ButtonLink or form that gets the user out of the empty state. */
  action?: ReactNode;
  /** Optional decorative mark above the title (e.g. a BrandIcon or an icon). */
  icon?: ReactNode;
  /** Heading level for the title, to fit the page outline. Default 2. */
  level?: 2 | 3 | 4;
  className?: string;
};

/** Shown where a list would be when it has nothing in it yet. Server-compatible. */
export function EmptyState({ title, text, action, icon, level = 2, className }: EmptyStateProps) {
  const Heading = `h${level}` as const;
  return (
    <div className={cn("flex flex-col items-center gap-3 px-6 py-12 text-center", className)}>
      {icon && (
        <div aria-hidden="true" className="text-fg-muted">
          {icon}
        </div>
      )}
      <Heading className="text-lg font-semibold text-fg">{title}</Heading>
      {text && <p className="max-w-prose text-sm text-fg-muted">{text}</p>}
      {action && <div className="mt-2 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
