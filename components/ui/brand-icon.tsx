import { BRAND_ICONS, brandSymbolHref } from "./brand-icons";
import { BrandMark } from "./brand-mark";

/** The slugs BrandIcon can draw; anything else gets the geometric mark. */
export const BRAND_SLUGS: readonly string[] = Object.keys(BRAND_ICONS);

export type BrandIconProps = {
  /** simple-icons slug (e.g. "stripe"), or null for the geometric fallback. */
  slug: string | null;
  /** Brand name: the accessible label, and the seed of the fallback mark. */
  name: string;
  /** Tile edge in px. Default 40. */
  size?: number;
  className?: string;
};

/** The sprite reference for a slug simple-icons carries, else null (the geometric mark). */
export const brandHref = (slug: string | null) => (slug && BRAND_ICONS[slug] ? brandSymbolHref(slug) : null);

/** A provider's logo on a dark tile: the simple-icons glyph in white, or a mark derived from the name. */
export function BrandIcon({ slug, name, size = 40, className }: BrandIconProps) {
  return <BrandMark href={brandHref(slug)} brand={slug ?? undefined} name={name} size={size} className={className} />;
}
