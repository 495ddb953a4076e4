import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";
import { CheckIcon, CrossIcon } from "./icons";

export type AlertTone = "error" | "success" | "warning" | "info";

// Geometric marks per tone, so the tone is legible without colour.
function ToneMark({ tone }: { tone: AlertTone }) {
  if (tone === "error") return <CrossIcon size={16} />;
  if (tone === "success") return <CheckIcon size={16} />;
  const path = tone === "warning" ? "M12 3 22 20H2z M12 10v4 M12 16.5v1" : "M12 3 21 12 12 21 3 12z M12 11v5 M12 7.5v1";
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden="true" focusable="false" className="shrink-0">
      <path d={path} />
    </svg>
  );
}

const TONE: Record<AlertTone, string> = {
  error: "border-error/50 [&>svg]:text-error",
  success: "border-success/40 [&>svg]:text-success",
  warning: "border-warning/40 [&>svg]:text-warning",
  info: "border-line-strong [&>svg]:text-fg-muted",
};

export type AlertProps = Omit<HTMLAttributes<HTMLDivElement>, "title"> & {
  tone?: AlertTone;
  /** Optional bold first line. */
  title?: ReactNode;
};

/**
 * A message box. Errors use role="alert" (assertive: the user must act); the other tones use
 * role="status" (polite) so a success message does not interrupt. Text stays white on a dark
 * backing for contrast; the tone is carried by the border, the icon and the words.
 */
export function Alert({ tone = "info", title, className, children, ...rest }: AlertProps) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-tone={tone}
      className={cn("flex items-start gap-3 rounded-xl border bg-black/50 px-4 py-3 text-sm text-fg", TONE[tone], className)}
      {...rest}
    >
      <ToneMark tone={tone} />
      {/* Long unbroken text (a URL, a key id) wraps instead of widening the page on a phone. */}
      <div className="min-w-0 space-y-1 [overflow-wrap:anywhere]">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className="text-fg-muted [&_a]:text-fg [&_a]:underline">{children}</div>}
      </div>
    </div>
  );
}
