import type { Locator } from "playwright-core";

const TIMEOUT = 15_000;

/** Polls until the condition holds or the timeout passes; the error says what was last seen. */
async function poll(describe: string, check: () => Promise<[boolean, unknown]>) {
  const deadline = Date.now() + TIMEOUT;
  let seen: unknown;
  for (;;) {
    const [ok, value] = await check().catch((e) => [false, (e as Error).message] as [boolean, unknown]);
    if (ok) return;
    seen = value;
    if (Date.now() > deadline) throw new Error(`expected ${describe}; last saw ${JSON.stringify(seen)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The few web-first assertions these tests need, on top of playwright-core's locators. */
export function expect(locator: Locator) {
  return {
    toBeVisible: () => poll(`${locator} to be visible`, async () => [await locator.isVisible(), "hidden"]),
    toHaveCount: (n: number, opts: { atLeast?: boolean } = {}) =>
      poll(`${locator} to have ${opts.atLeast ? "at least " : ""}${n}`, async () => {
        const c = await locator.count();
        return [opts.atLeast ? c >= n : c === n, c];
      }),
    toHaveAttribute: (name: string, value: string) =>
      poll(`${locator} [${name}] = ${value}`, async () => {
        const v = await locator.getAttribute(name, { timeout: 1000 });
        return [v === value, v];
      }),
    toContainText: (text: string) =>
      poll(`${locator} to contain ${text}`, async () => {
        const t = await locator.textContent({ timeout: 1000 });
        return [Boolean(t?.includes(text)), t];
      }),
    toHaveValue: (value: string) =>
      poll(`${locator} value = ${value}`, async () => {
        const v = await locator.inputValue({ timeout: 1000 });
        return [v === value, v];
      }),
  };
}
