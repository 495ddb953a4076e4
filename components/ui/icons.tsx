import type { ReactNode, SVGProps } from "react";
import { cn } from "./cn";

/**
 * Geometric UI icons: straight strokes on a 24-unit grid, currentColor, no emoji, no third-party icon set.
 * Decorative by default (aria-hidden); pass `label` when the icon is the only content.
 */
export type IconProps = Omit<SVGProps<SVGSVGElement>, "children"> & {
  size?: number;
  label?: string;
  /** spin for work in progress, pulse for attention; both stop under prefers-reduced-motion. */
  animate?: "spin" | "pulse";
};

const ANIMATION = { spin: "animate-spin", pulse: "animate-pulse" } as const;

function make(displayName: string, body: ReactNode) {
  function Icon({ size = 16, label, animate, className, ...rest }: IconProps) {
    const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="square"
        strokeLinejoin="miter"
        focusable="false"
        className={cn("shrink-0", animate && ANIMATION[animate], className)}
        {...a11y}
        {...rest}
      >
        {body}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const CheckIcon = make("CheckIcon", <path d="M4 12.5 9.5 18 20 6" />);
export const CrossIcon = make("CrossIcon", <path d="M5 5l14 14M19 5 5 19" />);
export const PlusIcon = make("PlusIcon", <path d="M12 4v16M4 12h16" />);
export const RefreshIcon = make(
  "RefreshIcon",
  <>
    <path d="M19 12a7 7 0 1 1-2.05-4.95" />
    <path d="M19 4v4.5h-4.5" />
  </>,
);
export const LockIcon = make(
  "LockIcon",
  <>
    <rect x="4.5" y="10.5" width="15" height="10" />
    <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5M12 14.5v2" />
  </>,
);
export const KeyIcon = make(
  "KeyIcon",
  <>
    <rect x="3" y="9" width="7" height="7" transform="rotate(45 6.5 12.5)" />
    <path d="M11 12.5h10M17 12.5v3.5M20 12.5v2.5" />
  </>,
);
export const LinkIcon = make(
  "LinkIcon",
  <>
    <rect x="2.5" y="8.5" width="11" height="7" rx="3.5" />
    <rect x="10.5" y="8.5" width="11" height="7" rx="3.5" />
  </>,
);
export const SettingsIcon = make(
  "SettingsIcon",
  <>
    <path d="M12 2.5 20.2 7.25v9.5L12 21.5l-8.2-4.75v-9.5z" />
    <circle cx="12" cy="12" r="3" />
  </>,
);

/** A quarter arc over a faint ring. Spins unless the user asked for reduced motion. */
export function Spinner({ size = 16, label, className, ...rest }: Omit<IconProps, "animate">) {
  const a11y = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.5}
      focusable="false"
      data-spinner=""
      className={cn("shrink-0 animate-spin", className)}
      {...a11y}
      {...rest}
    >
      <circle cx="12" cy="12" r="9" opacity="0.25" />
      <path d="M12 3a9 9 0 0 1 9 9" strokeLinecap="round" />
    </svg>
  );
}
