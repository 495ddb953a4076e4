import {
  siAnthropic, siCloudflare, siGithub, siGoogle, siGooglecloud, siGooglegemini, siHubspot, siHuggingface, siLinear,
  siMistralai, siNetlify, siNotion, siOpenrouter, siReplicate, siResend, siStripe, siSupabase, siTurso, siVercel,
  type SimpleIcon,
} from "simple-icons";

// Named imports only: simple-icons is 5 MB and marks itself side-effect free, so the bundler
// keeps just these paths. Add a brand here when a provider with that slug is added.
export const BRAND_ICONS: Record<string, SimpleIcon> = Object.fromEntries(
  [
    siAnthropic, siCloudflare, siGithub, siGoogle, siGooglecloud, siGooglegemini, siHubspot, siHuggingface, siLinear,
    siMistralai, siNetlify, siNotion, siOpenrouter, siReplicate, siResend, siStripe, siSupabase, siTurso, siVercel,
  ].map((icon) => [icon.slug, icon]),
);

/** FNV-1a of every glyph: the sprite URL changes exactly when its content does (cache-busting). */
function contentVersion(): string {
  let h = 0x811c9dc5;
  for (const icon of Object.values(BRAND_ICONS)) {
    for (let i = 0; i < icon.path.length; i++) h = Math.imul(h ^ icon.path.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export const BRAND_SPRITE_PATH = `/brand-icons.svg?v=${contentVersion()}`;

export const brandSymbolHref = (slug: string) => `${BRAND_SPRITE_PATH}#si-${slug}`;

export function brandSprite(): string {
  const symbols = Object.values(BRAND_ICONS).map(
    (icon) => `<symbol id="si-${icon.slug}" viewBox="0 0 24 24"><path d="${icon.path}" fill="#ffffff"/></symbol>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join("")}</svg>`;
}
