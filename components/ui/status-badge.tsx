import type { ReactNode } from "react";
import { STATUS_WORD } from "@/lib/format";
import { cn } from "./cn";

export type CredentialStatus = "VALID" | "INVALID" | "PENDING" | "NOT_CONFIGURED" | "CHECKING";

type Look = { word: string; shape: string; tone: string; mark: ReactNode };

/*
 * Status is never colour alone: each one has its own word and its own silhouette, so it reads
 * in greyscale, to colour-blind users and to screen readers ("Status: Valid"). The badge sits on
 * a darkened backing so the coloured words keep AA contrast on any surface (contrast.test.tsx).
 */
const LOOKS: Record<CredentialStatus, Look> = {
  VALID: {
    word: STATUS_WORD.VALID,
    shape: "circle-check",
    tone: "text-success border-success/40",
    mark: (
      <>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M4.5 8.2 7 10.6l4.5-5" stroke="#0a0a0a" strokeWidth="1.8" fill="none" />
      </>
    ),
  },
  INVALID: {
    word: STATUS_WORD.INVALID,
    shape: "square-cross",
    tone: "text-error border-error/50",
    mark: (
      <>
        <rect x="1.5" y="1.5" width="13" height="13" fill="currentColor" />
        <path d="m5 5 6 6m0-6-6 6" stroke="#0a0a0a" strokeWidth="1.8" />
      </>
    ),
  },
  PENDING: {
    word: STATUS_WORD.PENDING,
    shape: "hourglass",
    tone: "text-warning border-warning/40",
    mark: <path d="M3 1.5h10L8 8l5 6.5H3L8 8z" fill="currentColor" />,
  },
  NOT_CONFIGURED: {
    word: STATUS_WORD.NOT_CONFIGURED,
    shape: "dashed-ring",
    tone: "text-fg-muted border-line-strong",
    mark: <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeDasharray="3 2.3" />,
  },
  CHECKING: {
    word: STATUS_WORD.CHECKING,
    shape: "arc",
    tone: "text-fg border-line-strong",
    mark: (
      <>
        <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
        <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" />
      </>
    ),
  },
};

export type StatusBadgeProps = {
  status: CredentialStatus;
  className?: string;
};

/** A pill with shape + word + colour for a credential's state. Server-compatible. */
export function StatusBadge({ status, className }: StatusBadgeProps) {
  const look = LOOKS[status];
  return (
    <span
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-full border bg-black/50 px-2.5 py-0.5 text-xs font-medium whitespace-nowrap",
        look.tone,
        className,
      )}
    >
      <svg
        width={12}
        height={12}
        viewBox="0 0 16 16"
        aria-hidden="true"
        focusable="false"
        data-shape={look.shape}
        className={cn("shrink-0", status === "CHECKING" && "animate-spin")}
      >
        {look.mark}
      </svg>
      <span className="sr-only">Status: </span>
      {look.word}
    </span>
  );
}
