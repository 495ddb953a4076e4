import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type SkeletonProps = HTMLAttributes<HTMLDivElement>;

/**
 * A placeholder block; size it with className (e.g. "h-4 w-40"). Decorative, so hidden from
 * assistive tech: wrap groups in SkeletonGroup, which announces the loading state once. The
 * shimmer is a background animation that the global reduced-motion rule turns off.
 */
export function Skeleton({ className, ...rest }: SkeletonProps) {
  return (
    <div
      aria-hidden="true"
      data-skeleton=""
      className={cn(
        "animate-shimmer rounded-md bg-[length:200%_100%] motion-reduce:animate-none",
        "bg-[linear-gradient(90deg,rgba(255,255,255,0.04)_0%,rgba(255,255,255,0.10)_50%,rgba(255,255,255,0.04)_100%)]",
        className,
      )}
      {...rest}
    />
  );
}

export type SkeletonGroupProps = HTMLAttributes<HTMLDivElement> & {
  /** What is loading, read to screen readers, e.g. "Loading providers". */
  label: string;
  children: ReactNode;
};

export function SkeletonGroup({ label, className, children, ...rest }: SkeletonGroupProps) {
  return (
    <div role="status" aria-busy="true" className={className} {...rest}>
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
