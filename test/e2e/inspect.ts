import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE: string = createRequire(import.meta.url)("axe-core").source;

export const WIDTHS = [
  { label: "1440", width: 1440, height: 900 },
  { label: "375", width: 375, height: 812 },
] as const;

/** axe-core's serious and critical violations on the page as it is now, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `axe ${v.impact} ${v.id}: ${v.help} (${v.targets.join(", ")})`);
}

/**
 * Elements that stick out past the right edge of the viewport, making the page scroll sideways,
 * and elements that stick out of an open dialog: a modal <dialog> sits in the top layer, so what
 * overflows it never widens the page and would go unseen by the first check.
 */
export async function overflow(page: Page): Promise<string[]> {
  // No named functions inside: tsx's keepNames would wrap them in a __name() the page lacks.
  return page.evaluate(() => {
    const found: [string, Element[]][] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
      const culprits = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > width + 1);
      found.push([`page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`, culprits]);
    }
    for (const dialog of document.querySelectorAll("dialog[open]")) {
      const box = dialog.getBoundingClientRect();
      const culprits = [...dialog.querySelectorAll("*")].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
      });
      if (culprits.length) found.push([`content sticks out of the ${Math.round(box.width)}px dialog`, culprits]);
    }
    return found.map(([what, culprits]) => `${what}: ${culprits
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].slice(0, 3).join(".")} "${(el.textContent ?? "").trim().slice(0, 40)}"`)
      .join("; ")}`);
  });
}

/**
 * The org header's first row: the mark, a request count, the org and Sign out share the mark's
 * line, each on one line of text. At 375 px they once dropped below the mark and wrapped, and
 * nothing stuck out, so overflow() did not see it.
 */
export async function headerProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const header = document.querySelector("header:has(nav[aria-label='Main'])");
    const home = header?.querySelector("a[aria-label='Switchboard home']");
    if (!header || !home) return [];
    const mark = home.getBoundingClientRect();
    return [...header.querySelectorAll<HTMLElement>("a, button")].filter((el) => el !== home && !el.closest("nav")).flatMap((el) => {
      const style = getComputedStyle(el);
      const lines = Math.round((el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / parseFloat(style.lineHeight));
      const r = el.getBoundingClientRect();
      const middle = r.top + r.height / 2;
      const what = `header "${(el.textContent ?? "").trim().slice(0, 30)}"`;
      return [
        ...(lines > 1 ? [`${what} wraps onto ${lines} lines`] : []),
        ...(middle < mark.top || middle > mark.bottom ? [`${what} is not on the mark's line`] : []),
      ];
    });
  });
}

/**
 * Looks at the page at both widths as a person would: screenshot, axe-core, sideways overflow,
 * the org header's first row.
 * `open` brings the page to the state to inspect (it is run again after each resize so layout
 * and client state start fresh). Throws one error listing every problem found.
 */
export async function inspectPage(
  page: Page, name: string, open: () => Promise<unknown>, shot: (page: Page, name: string) => Promise<unknown>,
) {
  const problems: string[] = [];
  for (const { label, width, height } of WIDTHS) {
    await page.setViewportSize({ width, height });
    await open();
    await page.waitForLoadState("networkidle").catch(() => {});
    await shot(page, `page-${name}-${label}`);
    for (const p of [...(await axeViolations(page)), ...(await overflow(page)), ...(await headerProblems(page))]) problems.push(`${label}px: ${p}`);
  }
  await page.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
  if (problems.length) throw new Error(`${name}:\n${problems.join("\n")}`);
}
