import { STATUS_WORD } from "@/lib/format";
import { cn } from "./cn";
import { statusShapeHref, type StatusShape } from "./marks";

export type CredentialStatus = "VALID" | "INVALID" | "PENDING" | "NOT_CONFIGURED" | "CHECKING";

/*
 * Status is never colour alone: each one has its own word and its own silhouette (marks.ts), so
 * it reads in greyscale, to colour-blind users and to screen readers ("Status: Valid"). The
 * colours, the darkened backing that keeps the coloured words at AA contrast on any surface
 * (contrast.test.tsx) and the spinning arc are in globals.css, keyed by data-status: the catalog
 * draws 27 badges a page, so each carries one short class and a sprite reference.
 */
const SHAPES: Record<CredentialStatus, StatusShape> = {
  VALID: "circle-check",
  INVALID: "square-cross",
  PENDING: "hourglass",
  NOT_CONFIGURED: "dashed-ring",
  CHECKING: "arc",
};

export type StatusBadgeProps = {
  status: CredentialStatus;
  className?: string;
};

/** A pill with shape + word + colour for a credential's state. Server-compatible. */
export function StatusBadge({ status, className }: StatusBadgeProps) {
  const shape = SHAPES[status];
  return (
    <span data-status={status} className={cn("status-badge", className)}>
      <svg aria-hidden="true" data-shape={shape}>
        <use href={statusShapeHref(shape)} />
      </svg>
      <span className="sr-only">Status: </span>
      {STATUS_WORD[status]}
    </span>
  );
}
