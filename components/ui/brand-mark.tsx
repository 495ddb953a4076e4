import type { CSSProperties } from "react";
import { cn } from "./cn";
import { FALLBACK_COMPOSITIONS, fallbackHref } from "./marks";

/** FNV-1a: tiny, stable across runs and platforms, which is all a visual hash needs. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text.trim().toLowerCase()) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Which composition of the marks sprite, turned and mirrored by the name's hash. */
function fallbackMark(name: string) {
  const h = hash(name);
  const composition = h % FALLBACK_COMPOSITIONS.length;
  const rotation = ((h >>> 2) % 8) * 45;
  const mirror = (h >>> 5) & 1;
  const transform = rotation || mirror ? `rotate(${rotation} 12 12)${mirror ? " translate(24 0) scale(-1 1)" : ""}` : undefined;
  return { key: `${composition}-${rotation}-${mirror}`, href: fallbackHref(composition), transform };
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
  // The tile and glyph sizes are CSS variables (globals.css, .brand-mark) with 40 and 24 px as
  // defaults, so the usual mark carries no style attribute.
  const style = size === 40 ? undefined : ({ "--mark": `${size}px`, "--glyph": `${Math.round(size * 0.6)}px` } as CSSProperties);
  return (
    <span
      role="img"
      aria-label={name}
      data-brand={href ? brand : "fallback"}
      data-variant={mark?.key}
      className={cn("brand-mark", className)}
      style={style}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        {/* Brand glyphs and the fallback compositions come from cached sprites: a page of tiles then
            carries a short reference per tile instead of each logo's shapes, in its HTML and again
            in its RSC payload. */}
        <use href={href ?? mark!.href} transform={mark?.transform} />
      </svg>
    </span>
  );
}
