import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentPropsWithoutRef, ReactNode } from "react";
import { cn } from "./cn";
import { Spinner } from "./icons";
import { AttentionGlow } from "./motion";

export type ButtonVariant = "primary" | "secondary" | "outline" | "danger";
export type ButtonSize = "sm" | "md";

// Every pair here is checked in test/components/contrast.test.tsx; white on #991b1b is 8:1.
const VARIANT: Record<ButtonVariant, string> = {
  primary: "btn-primary text-white border-transparent",
  secondary: "bg-white/5 text-fg border-line hover:bg-white/10 hover:border-line-strong",
  outline: "bg-transparent text-fg border-line-strong hover:bg-white/5",
  danger: "bg-accent-deep text-white border-error/60 hover:border-error hover:bg-[#7f1d1d]",
};

const SIZE: Record<ButtonSize, string> = {
  sm: "min-h-8 px-3 text-sm gap-1.5",
  md: "min-h-10 px-4 text-sm gap-2",
};

/** The class string a button of this look gets; exported for the rare element that is neither. */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", className?: string) {
  return cn(
    "focus-ring inline-flex items-center justify-center rounded-[10px] border font-medium select-none",
    "transition-[background-color,border-color,box-shadow,scale] duration-150 active:scale-[0.98]",
    "disabled:cursor-not-allowed disabled:opacity-60 disabled:active:scale-100",
    "aria-disabled:cursor-not-allowed aria-disabled:opacity-60 aria-disabled:active:scale-100",
    VARIANT[variant],
    SIZE[size],
    className,
  );
}

type StyleProps = {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** A slow glow pulse (framer-motion) for the one call to action that matters on the page. */
  attention?: boolean;
};

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> &
  StyleProps & {
    /**
     * Shows a spinner, sets aria-busy and refuses clicks so a form cannot submit twice. The button
     * stays focusable (aria-disabled, not disabled): disabling it would drop keyboard focus to the page.
     */
    pending?: boolean;
    /** Text shown instead of children while pending, e.g. "Saving". */
    pendingLabel?: ReactNode;
  };

/**
 * A button. `type` defaults to "button" so a button inside a form never submits by accident:
 * pass type="submit" for the one that should.
 */
export function Button({
  variant = "primary",
  size = "md",
  attention,
  pending = false,
  pendingLabel,
  type = "button",
  disabled,
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onClick={pending ? (e) => e.preventDefault() : onClick}
      className={buttonClasses(variant, size, cn(attention && "relative", className))}
      {...rest}
    >
      {attention && !pending && <AttentionGlow />}
      {pending && <Spinner size={size === "sm" ? 14 : 16} />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export type ButtonLinkProps = Omit<ComponentPropsWithoutRef<typeof Link>, "className"> &
  StyleProps & { className?: string };

/** A link (navigation) that looks like a button. Use Button for actions, this for going places. */
export function ButtonLink({ variant = "primary", size = "md", attention, className, children, ...rest }: ButtonLinkProps) {
  return (
    <Link className={buttonClasses(variant, size, cn("no-underline", attention && "relative", className))} {...rest}>
      {attention && <AttentionGlow />}
      {children}
    </Link>
  );
}
