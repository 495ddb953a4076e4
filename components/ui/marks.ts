/*
 * Our own drawn marks (the geometric brand fallbacks and the status shapes), served as one cached
 * sprite like the brand glyphs: a page draws each with a short `<use>` instead of repeating the
 * shapes in every tile, in its HTML and again in its RSC payload. Plain strings and no imports,
 * so client components can name the symbols without shipping anything else.
 */

const W = "#ffffff";
const K = "#000000";
const R = "#dc2626";

/** Four interlocking compositions in white, black and a red accent; all fit an r=10 circle so any rotation stays inside. */
export const FALLBACK_COMPOSITIONS: readonly string[] = [
  `<path d="M12 3 20 17H4z" fill="${W}"/><path d="M12 21 4 7h16z" fill="${K}" stroke="${W}" stroke-width="1.5" stroke-linejoin="round"/><path d="M12 9.5 14.5 12 12 14.5 9.5 12z" fill="${R}"/>`,
  `<circle cx="9" cy="12" r="5.5" fill="none" stroke="${W}" stroke-width="2.5"/><circle cx="15" cy="12" r="5.5" fill="${K}" stroke="${R}" stroke-width="2.5"/><path d="M12 7.39A5.5 5.5 0 0 1 14.5 12" fill="none" stroke="${W}" stroke-width="2.5"/>`,
  `<rect x="4" y="4" width="10" height="10" fill="${W}"/><rect x="10" y="10" width="10" height="10" fill="${K}" stroke="${W}" stroke-width="1.5"/><rect x="10.75" y="10.75" width="3.25" height="3.25" fill="${R}"/>`,
  `<path d="M12 3l7.8 4.5v9L12 21l-7.8-4.5v-9z" fill="none" stroke="${W}" stroke-width="2"/><path d="M12 7.5 16.5 15h-9z" fill="${K}" stroke="${W}" stroke-width="1.5" stroke-linejoin="round"/><circle cx="12" cy="12.5" r="1.6" fill="${R}"/>`,
];

/**
 * One silhouette per status (status-badge.tsx), drawn in currentColor so the badge's text colour
 * fills it; a `<use>`d symbol inherits the colour of its `<use>` element.
 */
export const STATUS_SHAPES = {
  "circle-check": `<circle cx="8" cy="8" r="7" fill="currentColor"/><path d="M4.5 8.2 7 10.6l4.5-5" stroke="#0a0a0a" stroke-width="1.8" fill="none"/>`,
  "square-cross": `<rect x="1.5" y="1.5" width="13" height="13" fill="currentColor"/><path d="m5 5 6 6m0-6-6 6" stroke="#0a0a0a" stroke-width="1.8"/>`,
  hourglass: `<path d="M3 1.5h10L8 8l5 6.5H3L8 8z" fill="currentColor"/>`,
  "dashed-ring": `<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-dasharray="3 2.3"/>`,
  arc: `<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-opacity="0.25" stroke-width="2"/><path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" stroke-width="2"/>`,
} as const;

export type StatusShape = keyof typeof STATUS_SHAPES;

export function marksSprite(): string {
  const symbols = [
    ...FALLBACK_COMPOSITIONS.map((shapes, i) => `<symbol id="fb-${i}" viewBox="0 0 24 24">${shapes}</symbol>`),
    ...Object.entries(STATUS_SHAPES).map(([name, shapes]) => `<symbol id="st-${name}" viewBox="0 0 16 16">${shapes}</symbol>`),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join("")}</svg>`;
}

/** FNV-1a of the sprite: its URL changes exactly when its content does (cache-busting). */
function contentVersion(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

export const MARKS_SPRITE_PATH = `/marks.svg?v=${contentVersion(marksSprite())}`;

export const fallbackHref = (composition: number) => `${MARKS_SPRITE_PATH}#fb-${composition}`;
export const statusShapeHref = (shape: StatusShape) => `${MARKS_SPRITE_PATH}#st-${shape}`;
