import type { ReactNode } from "react";
import { cn } from "./cn";

/** FNV-1a: tiny, stable across runs and platforms, which is all a visual hash needs. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text.trim().toLowerCase()) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const W = "#ffffff";
const K = "#000000";
const R = "#dc2626";

// Four interlocking compositions in white, black and a red accent; all fit a r=10 circle so any rotation stays inside.
const COMPOSITIONS: ReactNode[] = [
  <>
    <path d="M12 3 20 17H4z" fill={W} />
    <path d="M12 21 4 7h16z" fill={K} stroke={W} strokeWidth="1.5" strokeLinejoin="round" />
    <path d="M12 9.5 14.5 12 12 14.5 9.5 12z" fill={R} />
  </>,
  <>
    <circle cx="9" cy="12" r="5.5" fill="none" stroke={W} strokeWidth="2.5" />
    <circle cx="15" cy="12" r="5.5" fill={K} stroke={R} strokeWidth="2.5" />
    <path d="M12 7.39A5.5 5.5 0 0 1 14.5 12" fill="none" stroke={W} strokeWidth="2.5" />
  </>,
  <>
    <rect x="4" y="4" width="10" height="10" fill={W} />
    <rect x="10" y="10" width="10" height="10" fill={K} stroke={W} strokeWidth="1.5" />
    <rect x="10.75" y="10.75" width="3.25" height="3.25" fill={R} />
  </>,
  <>
    <path d="M12 3l7.8 4.5v9L12 21l-7.8-4.5v-9z" fill="none" stroke={W} strokeWidth="2" />
    <path d="M12 7.5 16.5 15h-9z" fill={K} stroke={W} strokeWidth="1.5" strokeLinejoin="round" />
    <circle cx="12" cy="12.5" r="1.6" fill={R} />
  </>,
];

function fallbackMark(name: string) {
  const h = hash(name);
  const composition = h % COMPOSITIONS.length;
  const rotation = ((h >>> 2) % 8) * 45;
  const mirror = (h >>> 5) & 1;
  const transform = `rotate(${rotation} 12 12)${mirror ? " translate(24 0) scale(-1 1)" : ""}`;
  return { key: `${composition}-${rotation}-${mirror}`, node: <g transform={transform}>{COMPOSITIONS[composition]}</g> };
}

export type BrandMarkProps = {
  /** The sprite symbol to draw (brandSymbolHref), or null for the geometric fallback. */
  href: string | null;
  /** Brand name: the accessible label, and the seed of the fallback mark. */
  name: string;
  /** simple-icons slug, kept as data-brand for tests and styling. */
  brand?: string;
  size?: number;
  className?: string;
};

/**
 * A provider's logo on a dark tile, given the sprite reference instead of the glyph: safe in
 * client components, which then never ship simple-icons' paths.
 */
export function BrandMark({ href, name, brand, size = 40, className }: BrandMarkProps) {
  const mark = href ? null : fallbackMark(name);
  return (
    <span
      role="img"
      aria-label={name}
      data-brand={href ? brand : "fallback"}
      data-variant={mark?.key}
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-[25%] border border-line-strong bg-surface-2",
        className,
      )}
      style={{ width: size, height: size }}
    >
      <svg width={Math.round(size * 0.6)} height={Math.round(size * 0.6)} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        {/* Brand glyphs come from one cached sprite: a page of tiles then carries a short
            reference per tile instead of each logo's path, in its HTML and again in its RSC payload. */}
        {href ? <use href={href} /> : mark!.node}
      </svg>
    </span>
  );
}
