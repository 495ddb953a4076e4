import type { Locator, Page } from "playwright-core";
import { expect } from "../expect";
import { inspectPage, overflow, WIDTHS } from "../inspect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Every page as a new person meets it, at 1440 and 375 px: first empty, then with a stored
 * credential. Each page is screenshotted at both widths and must pass axe-core (no serious or
 * critical violations) with nothing sticking out sideways. The keyboard step tabs through a
 * page and checks that every stop shows a focus ring.
 */
export const tourJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `tour-${stamp}`;
  const key = `sk-proj-TOUR${"b4Kd".repeat(15)}T3BlbkFJ${"p8Lm".repeat(15)}`;
  const longKey = `sk-proj-LONG${"w2Hs".repeat(15)}T3BlbkFJ${"g6Qt".repeat(15)}`;
  // The longest names allowed (80 characters), with no space for a line to break at.
  const longName = `${"L".repeat(40)}${"n".repeat(40)}`;
  const renamed = `${"R".repeat(40)}${"m".repeat(40)}`;
  const visit = (p: Page, path: string) => () => p.goto(`${baseUrl}${path}`);
  const look = async (name: string, path: string) => {
    const p = await page("tour");
    await inspectPage(p, name, visit(p, path), shot);
  };
  return [
    ["signed out: sign-in, sign-up and not-found pages look right at both widths", async () => {
      const p = await page("tour-visitor");
      await inspectPage(p, "sign-in", visit(p, "/sign-in"), shot);
      await inspectPage(p, "sign-up", visit(p, "/sign-up"), shot);
      await inspectPage(p, "not-found", visit(p, "/no-such-page/at-all"), shot);
      await inspectPage(p, "status", visit(p, "/status"), shot);
      // Reset by emailed link exists only with Supabase Auth (here /forgot-password is a real 404);
      // the embedded default's way back is a one-time code from an owner or the operator.
      await p.goto(`${baseUrl}/sign-in`);
      await p.getByRole("link", { name: "Forgot your password?" }).click();
      await p.waitForURL(/\/new-password$/);
      await inspectPage(p, "new-password", visit(p, "/new-password"), shot);
      const reset = await p.goto(`${baseUrl}/forgot-password`);
      if (reset?.status() !== 404) throw new Error(`/forgot-password answered ${reset?.status()} in embedded mode`);
    }],
    ["sign-in errors are announced and every control shows a focus ring from the keyboard", async () => {
      const p = await page("tour-visitor");
      await p.goto(`${baseUrl}/sign-in`);
      await p.getByLabel("Email").fill(`nobody-${stamp}@example.test`);
      await p.getByLabel("Password").fill("wrong password here");
      await p.getByLabel("Password").press("Enter");
      await expect(p.getByRole("alert").filter({ hasText: /./ })).toBeVisible();
      await inspectPage(p, "sign-in-error", async () => {
        await p.goto(`${baseUrl}/sign-in`);
        await p.getByLabel("Email").fill(`nobody-${stamp}@example.test`);
        await p.getByLabel("Password").fill("wrong password here");
        await p.getByLabel("Password").press("Enter");
        await expect(p.getByRole("alert").filter({ hasText: /./ })).toBeVisible();
      }, shot);
      await p.goto(`${baseUrl}/sign-in`);
      await tabThrough(p, 4);
    }],
    ["a new person's empty pages: org creation, integrations, settings", async () => {
      const p = await page("tour");
      await signUp(p, baseUrl, `tour-${stamp}@example.test`);
      await inspectPage(p, "org-join", visit(p, "/orgs/join"), shot);
      await inspectPage(p, "org-new", visit(p, "/orgs/new"), shot);
      await createOrg(p, "Tour Co", slug);
      await look("orgs", "/orgs");
      await look("integrations-empty", `/${slug}/integrations`);
      await look("settings-integrations-empty", `/${slug}/settings/integrations`);
      await look("settings-api-keys-empty", `/${slug}/settings/api-keys`);
      await look("settings-audit", `/${slug}/settings/audit`);
      await look("settings-members", `/${slug}/settings/members`);
      await look("settings-export", `/${slug}/settings/export`);
    }],
    ["each kind of setup page: single key, multi-field, service-account JSON, OAuth", async () => {
      await look("setup-single-key", `/${slug}/integrations/openai`);
      await look("setup-multi-field", `/${slug}/integrations/stripe`);
      await look("setup-service-account", `/${slug}/integrations/gcp`);
      await look("setup-oauth", `/${slug}/integrations/github`);
    }],
    ["a wrong address inside an org answers 404 under the org's header; /settings opens its first tab", async () => {
      const p = await page("tour");
      const res = await p.goto(`${baseUrl}/${slug}/integrations/no-such-provider`);
      if (res?.status() !== 404) throw new Error(`an unknown provider answered ${res?.status()}, not 404`);
      await expect(p.getByRole("heading", { name: "Nothing here" })).toBeVisible();
      await expect(p.getByRole("navigation", { name: "Main" })).toBeVisible();
      await look("not-found-in-org", `/${slug}/integrations/no-such-provider`);
      await p.goto(`${baseUrl}/${slug}/settings`);
      await p.waitForURL(new RegExp(`/${slug}/settings/integrations$`));
    }],
    ["with a verified key: the setup page, the grid and settings", async () => {
      fake.keys.set(key, "valid");
      const p = await page("tour");
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(key);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();
      await look("setup-single-key-valid", `/${slug}/integrations/openai`);
      await look("integrations", `/${slug}/integrations`);
      await look("settings-integrations", `/${slug}/settings/integrations`);
      await look("settings-audit-events", `/${slug}/settings/audit`);
      // The narrowest phones in use (320 px): the header and its nav still fit.
      const narrow = await page("tour");
      await narrow.setViewportSize({ width: 320, height: 640 });
      await visit(narrow, `/${slug}/integrations`)();
      const out = await overflow(narrow);
      await narrow.setViewportSize({ width: WIDTHS[0].width, height: WIDTHS[0].height });
      if (out.length) throw new Error(`320px: ${out.join("; ")}`);
    }],
    ["80-character names without a space break instead of sticking out: credential rows, Make default, the audit trail, the delete dialog, an invite's note", async () => {
      const p = await page("tour");
      fake.keys.set(longKey, "valid");
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(longKey);
      await p.getByLabel("Credential name").fill(longName);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();
      // Renamed, so the audit trail holds a rename with a long old and a long new name.
      await p.goto(`${baseUrl}/${slug}/settings/integrations`);
      await p.getByRole("button", { name: `Rename OpenAI ${longName}` }).click();
      await p.getByLabel(`New name for OpenAI ${longName}`).fill(renamed);
      await p.getByRole("button", { name: "Save name" }).click();
      await expect(p.locator(`[data-credential="openai:${renamed}"]`)).toBeVisible();

      await inspectPage(p, "setup-single-key-long-name", async () => {
        await visit(p, `/${slug}/integrations/openai`)();
        const row = p.locator(`[aria-label="Stored credentials"] [data-credential="${renamed}"]`);
        await makeDefaultInLine(row, row.getByText(renamed, { exact: true }));
      }, shot);
      await inspectPage(p, "settings-integrations-long-name", async () => {
        await visit(p, `/${slug}/settings/integrations`)();
        const row = p.locator(`[data-credential="openai:${renamed}"]`);
        await makeDefaultInLine(row, row.getByRole("button", { name: `Rename OpenAI ${renamed}` }));
      }, shot);
      await inspectPage(p, "settings-audit-long-rename", visit(p, `/${slug}/settings/audit`), shot);
      // At desktop widths the audit table fits its panel; it may scroll sideways only between phone and desktop.
      await p.setViewportSize({ width: 1280, height: 800 });
      await visit(p, `/${slug}/settings/audit`)();
      await expect(p.locator('[data-audit="integration.rename"]').first()).toBeVisible();
      const table = await p.getByRole("region", { name: "Audit events" }).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      if (table.scroll > table.client) throw new Error(`the audit table is ${table.scroll}px wide in its ${table.client}px panel at 1280 px`);

      await inspectPage(p, "dialog-delete-long-name", async () => {
        await visit(p, `/${slug}/settings/integrations`)();
        await p.locator(`[data-credential="openai:${renamed}"]`).getByRole("button", { name: "Delete", exact: true }).click();
        await expect(p.getByRole("dialog", { name: `Delete OpenAI credential “${renamed}”?` })).toBeVisible();
      }, shot);
      await p.getByRole("button", { name: `Delete “${renamed}” for good` }).click();
      await expect(p.getByRole("list", { name: "Notifications" }).getByText(`Deleted OpenAI credential “${renamed}”`)).toBeVisible();

      // The note is how an owner tells open invitations apart: all of it shows, at 375 px too.
      await p.goto(`${baseUrl}/${slug}/settings/members`);
      await p.getByLabel("Who is it for").fill(longName);
      await p.getByRole("button", { name: "Create invite code" }).click();
      await expect(p.getByLabel("Invite code", { exact: true })).toBeVisible();
      // Reopened before each look, so the code (shown once) is in no screenshot.
      await inspectPage(p, "settings-members-long-invite-note", async () => {
        await visit(p, `/${slug}/settings/members`)();
        const note = p.locator(`[data-invite="${longName}"] p`).first();
        await expect(note).toContainText(longName);
        const cut = await note.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
        if (cut) throw new Error("the invite's note is cut off");
      }, shot);
    }],
    ["the integrations page can be used from the keyboard alone, with a visible focus ring", async () => {
      const p = await page("tour");
      await p.goto(`${baseUrl}/${slug}/integrations`);
      // No waiting: the tiles must be there the moment the page has loaded (readable on first paint;
      // behind a loading boundary React would still be holding them back here).
      await tabThrough(p, 12);
      // A tile is a link: Enter on it opens that provider's page.
      await p.locator("[data-provider='openai']").focus();
      await p.keyboard.press("Enter");
      await p.waitForURL(new RegExp(`/${slug}/integrations/openai$`));
    }],
    ["deleting asks in a dialog that Escape closes, and a toast confirms the deletion", async () => {
      const p = await page("tour");
      const openDialog = async () => {
        await p.goto(`${baseUrl}/${slug}/settings/integrations`);
        await p.getByRole("button", { name: "Delete", exact: true }).click();
        await expect(p.getByRole("dialog", { name: /Delete OpenAI credential “default”/ })).toBeVisible();
      };
      await inspectPage(p, "dialog-delete", openDialog, shot);
      await openDialog();
      await p.keyboard.press("Escape");
      await expect(p.getByRole("dialog")).toHaveCount(0);
      const focused = await p.evaluate(() => document.activeElement?.textContent);
      if (focused !== "Delete") throw new Error(`focus did not return to the Delete button but to ${JSON.stringify(focused)}`);
      await p.getByRole("button", { name: "Delete", exact: true }).click();
      await p.getByRole("button", { name: "Delete “default” for good" }).click();
      await expect(p.getByRole("list", { name: "Notifications" }).getByText("Deleted OpenAI credential “default”")).toBeVisible();
      await expect(p.getByText("No credentials yet")).toBeVisible();
      await shot(p, "page-toast-deleted-1440");
    }],
    ["someone in two orgs switches between them from the header", async () => {
      const p = await page("tour");
      await p.goto(`${baseUrl}/orgs/new`);
      await expect(p.getByRole("link", { name: "Back to your organizations" })).toBeVisible();
      await createOrg(p, "Second Co", `${slug}-two`);
      await p.getByRole("link", { name: /switch organization/ }).click();
      await p.waitForURL(/\/orgs$/);
      await expect(p.locator("[data-org]")).toHaveCount(2);
      await p.locator(`[data-org="${slug}"]`).click();
      await p.waitForURL(new RegExp(`/${slug}/integrations$`));
    }],
  ];
};

/** Presses Tab `count` times; every stop must be a real control with a visible focus indicator. */
async function tabThrough(p: Page, count: number) {
  const missing: string[] = [];
  for (let i = 0; i < count; i++) {
    await p.keyboard.press("Tab");
    const stop = await p.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
      return { ring, what: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || (el as HTMLInputElement).name || "").trim().slice(0, 30)}"` };
    });
    if (!stop) throw new Error(`Tab stop ${i + 1} landed on the page body`);
    if (!stop.ring) missing.push(stop.what);
  }
  if (missing.length) throw new Error(`no visible focus ring on: ${missing.join(", ")}`);
}

/**
 * Make default belongs to its credential's row: inside it, and never left of `text`, the start
 * of the row's text column (in a wrapping row it once fell to the row's start, on a line of its own).
 */
async function makeDefaultInLine(row: Locator, text: Locator) {
  const button = row.getByRole("button", { name: /^Make default: / });
  const [r, b, t] = await Promise.all([row.boundingBox(), button.boundingBox(), text.boundingBox()]);
  if (!r || !b || !t) throw new Error("the row, its Make default button or its text is not on the page");
  if (b.y < r.y || b.y + b.height > r.y + r.height || b.x + b.width > r.x + r.width + 1) throw new Error("Make default sticks out of its row");
  if (b.x < t.x - 1) throw new Error(`Make default starts at ${Math.round(b.x)}px, left of its row's text at ${Math.round(t.x)}px`);
}
