import fs from "node:fs";
import path from "node:path";

/*
 * WCAG AA for the text colours the UI kit puts on its surfaces, computed from the tokens in
 * app/globals.css (so changing a token re-checks it). Translucent layers are composited over
 * each opaque surface the way the browser would, ignoring the blur, which only averages
 * already-dark pixels.
 */
const ROOT = path.resolve(__dirname, "../..");
const css = fs.readFileSync(path.join(ROOT, "app/globals.css"), "utf8");

type RGB = [number, number, number];
type Layer = { rgb: RGB; alpha: number };

function token(name: string): RGB {
  const m = css.match(new RegExp(`--color-${name}:\\s*#([0-9a-f]{6})`, "i"));
  if (!m) throw new Error(`token --color-${name} not found in globals.css`);
  return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)) as RGB;
}
const over = (base: RGB, ...layers: Layer[]) =>
  layers.reduce<RGB>((acc, { rgb, alpha }) => acc.map((c, i) => rgb[i] * alpha + c * (1 - alpha)) as RGB, base);
function luminance(rgb: RGB) {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a: RGB, b: RGB) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE: RGB = [255, 255, 255];
const GLASS: Layer = { rgb: [10, 10, 10], alpha: 0.85 };
const BLACK = (alpha: number): Layer => ({ rgb: [0, 0, 0], alpha });
const RED_GLOW: Layer = { rgb: [220, 38, 38], alpha: 0.08 }; // body's radial gradient at its strongest

const surfaces = {
  "surface-0": token("surface-0"),
  "surface-0 + red glow": over(token("surface-0"), RED_GLOW),
  "surface-1": token("surface-1"),
  "surface-2": token("surface-2"),
};
const backgrounds: Record<string, RGB> = {};
for (const [name, rgb] of Object.entries(surfaces)) {
  backgrounds[name] = rgb;
  backgrounds[`glass on ${name}`] = over(rgb, GLASS);
  backgrounds[`badge/alert backing on glass on ${name}`] = over(rgb, GLASS, BLACK(0.5));
  backgrounds[`badge/alert backing on ${name}`] = over(rgb, BLACK(0.5));
}

describe("text contrast on the glass surfaces", () => {
  const texts = ["fg", "fg-muted", "success", "warning", "error"];
  const cases = texts.flatMap((t) => Object.keys(backgrounds).map((b) => [t, b] as const));

  it.each(cases)("%s on %s is at least 4.5:1", (text, bg) => {
    expect(ratio(token(text), backgrounds[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it.each(["accent", "accent-deep"])("white button text on %s is at least 4.5:1", (fill) => {
    expect(ratio(WHITE, token(fill))).toBeGreaterThanOrEqual(4.5);
  });

  it("input placeholder (white/50 on the black/40 input) is at least 4.5:1", () => {
    for (const surface of Object.values(surfaces)) {
      const field = over(surface, GLASS, BLACK(0.4));
      expect(ratio(over(field, { rgb: WHITE, alpha: 0.5 }), field)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("fg-faint and accent really fail as body text, so the kit must not use them for text", () => {
    expect(ratio(token("fg-faint"), token("surface-0"))).toBeLessThan(4.5);
    expect(ratio(token("accent"), token("surface-0"))).toBeLessThan(4.5);
    const uiDir = path.join(ROOT, "components/ui");
    for (const file of fs.readdirSync(uiDir)) {
      const source = fs.readFileSync(path.join(uiDir, file), "utf8");
      expect({ file, uses: source.match(/\btext-(fg-faint|accent|accent-deep)\b/g) }).toEqual({ file, uses: null });
    }
  });
});
