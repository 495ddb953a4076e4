import type { HTMLAttributes } from "react";
import { cn } from "./cn";

export type Depth = 1 | 2 | 3 | 4 | 5;

// Literal class names so Tailwind's scanner sees every one of them.
export const DEPTH_SHADOW: Record<Depth, string> = {
  1: "shadow-depth-1",
  2: "shadow-depth-2",
  3: "shadow-depth-3",
  4: "shadow-depth-4",
  5: "shadow-depth-5",
};

type PanelTag = "div" | "section" | "article" | "aside" | "header" | "footer" | "main" | "nav" | "ul" | "li";

export type GlassPanelProps = HTMLAttributes<HTMLElement> & {
  /** Shadow level, 1 (flat) to 5 (floating). Default 2. */
  depth?: Depth;
  /** Element to render; pick the one that gives the right landmark or list semantics. */
  as?: PanelTag;
};

/** A frosted, dark surface for grouping content. Server-compatible. */
export function GlassPanel({ depth = 2, as: Tag = "div", className, ...rest }: GlassPanelProps) {
  return <Tag className={cn("glass", DEPTH_SHADOW[depth], className)} {...rest} />;
}
