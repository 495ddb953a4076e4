import Link from "next/link";
import type { ComponentPropsWithoutRef, HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

type Base = {
  className?: string;
  children?: ReactNode;
  /** Force the hover lift and press feedback on a card that is not a link (e.g. has onClick in a client parent). */
  interactive?: boolean;
};

type CardTag = "div" | "article" | "section" | "li";

export type GlassCardProps =
  | (Base & { href: string } & Omit<ComponentPropsWithoutRef<typeof Link>, "href" | "className" | "children">)
  | (Base & { href?: undefined; as?: CardTag } & Omit<HTMLAttributes<HTMLElement>, "className" | "children">);

/**
 * A raised glass card. With `href` the whole card is a Next `Link` (one tab stop, lifts on
 * hover); without it the card stays still, because movement would promise a click.
 */
export function GlassCard(props: GlassCardProps) {
  if (props.href !== undefined) {
    const { href, className, interactive: _interactive, children, ...rest } = props;
    return (
      <Link
        href={href}
        // Block display, colour and no underline come from globals.css (.glass-card:where(a)), so a
        // card's own layout class can set display without a utility to outweigh.
        className={cn("glass-card glass-card-interactive focus-ring", className)}
        {...rest}
      >
        {children}
      </Link>
    );
  }
  const { as: Tag = "div", className, interactive, children, ...rest } = props;
  return (
    <Tag className={cn("glass-card", interactive && "glass-card-interactive focus-ring", className)} {...rest}>
      {children}
    </Tag>
  );
}
