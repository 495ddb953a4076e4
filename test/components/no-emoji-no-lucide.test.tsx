import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/*
 * The product rule is "no emojis anywhere, no lucide": UI icons are our own geometric SVGs.
 * This walks the real app/ and components/ trees, so it fails the moment someone adds one.
 */
const ROOT = path.resolve(__dirname, "../..");
const SCANNED = ["app", "components"];
const BINARY = /\.(ico|png|jpe?g|gif|webp|avif|woff2?|ttf|otf|eot|mp4|webm|pdf|zip)$/i;
const EMOJI = /[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]/u;
const LUCIDE = /(?:from\s*|import\s*\(?\s*|require\s*\(\s*)["'][^"']*lucide[^"']*["']/;

function violations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    const emoji = line.match(EMOJI);
    if (emoji) found.push(`line ${i + 1}: emoji U+${emoji[0].codePointAt(0)!.toString(16).toUpperCase()}`);
    if (LUCIDE.test(line)) found.push(`line ${i + 1}: lucide import`);
  });
  return found;
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === ".next" ? [] : walk(full);
    return entry.isFile() && !BINARY.test(entry.name) ? [full] : [];
  });
}

function scan(dirs: string[]): string[] {
  return dirs.flatMap(walk).flatMap((file) => violations(fs.readFileSync(file, "utf8")).map((v) => `${file} ${v}`));
}

describe("no emoji, no lucide", () => {
  it("finds none in app/ and components/", () => {
    const files = SCANNED.flatMap((d) => walk(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(0); // an empty walk would pass vacuously
    expect(scan(SCANNED.map((d) => path.join(ROOT, d)))).toEqual([]);
  });

  it("does not list lucide as a dependency", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    expect(deps.filter((d) => d.includes("lucide"))).toEqual([]);
  });

  // Positive controls: the detector itself must catch what it claims to.
  it.each([0x1f300, 0x1f680, 0x1faff, 0x2600, 0x2705, 0x2728, 0x27bf])("flags code point %i", (cp) => {
    expect(violations(`<span>${String.fromCodePoint(cp)}</span>`)).toHaveLength(1);
  });

  it.each([
    'import { Check } from "lucide-react";',
    "import {Key} from 'lucide-react/dist/esm/icons/key'",
    'const icons = await import("lucide-react");',
    'const { X } = require("lucide");',
  ])("flags %s", (line) => {
    expect(violations(line)).toEqual(["line 1: lucide import"]);
  });

  it("leaves ordinary punctuation and the word lucide in prose alone", () => {
    expect(violations(`a ${String.fromCodePoint(0x2192)} b ${String.fromCodePoint(0x2014)} (c) lucide is not used`)).toEqual([]);
  });

  it("catches a file added to a scanned tree", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-"));
    try {
      fs.mkdirSync(path.join(dir, "nested"));
      fs.writeFileSync(path.join(dir, "nested", "page.tsx"), `export default () => <p>Saved ${String.fromCodePoint(0x1f389)}</p>;\n`);
      fs.writeFileSync(path.join(dir, "icon.tsx"), 'export { Lock } from "lucide-react";\n');
      expect(scan([dir])).toHaveLength(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
