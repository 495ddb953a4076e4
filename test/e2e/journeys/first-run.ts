import type { Page } from "playwright-core";
import { expect } from "../expect";
import type { Journey } from "./types";

/** A new user's first minutes, in order; each step leaves the page where the next one starts. */
export const firstRun: Journey = ({ baseUrl, canary, shot, page: pageFor }) => {
  let page: Page;
  const email = `ada-${Date.now()}@example.test`;
  const rejectedKey = `sk-proj-REJECTED${"a1B2".repeat(16)}`;
  const openaiStatus = () => page.locator("h1 ~ [data-status], [data-status]").first();

  return [
    ["a visitor is sent to sign in, and can sign up from there", async () => {
      page = await pageFor("first-run");
      const signIn = await fetch(`${baseUrl}/sign-in`);
      const framing = [signIn.headers.get("content-security-policy"), signIn.headers.get("x-frame-options")];
      if (framing[0] !== "frame-ancestors 'none'" || framing[1] !== "DENY") throw new Error(`pages may be framed: ${JSON.stringify(framing)}`);
      await page.goto(`${baseUrl}/`);
      await page.waitForURL(/\/sign-in/);
      await shot(page, "01-sign-in");
      await page.getByRole("link", { name: "Create an account" }).click();
      await page.waitForURL(/\/sign-up/);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("short");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
      await page.getByLabel("Password").fill("correct horse battery staple");
      await shot(page, "02-sign-up");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.waitForURL(/\/orgs\/new/);
    }],
    ["a new user creates an org and lands on its integrations", async () => {
      await page.getByLabel("Organization name").fill("Acme Robotics");
      await expect(page.getByLabel("Address")).toHaveValue("acme-robotics");
      await shot(page, "03-create-org");
      await page.getByRole("button", { name: "Create organization" }).click();
      await page.waitForURL(/\/acme-robotics\/integrations$/);
      await expect(page.locator("[data-provider]")).toHaveCount(3, { atLeast: true });
      await expect(page.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "NOT_CONFIGURED");
      await shot(page, "04-integrations-empty");
    }],
    ["a format mistake is caught before any call", async () => {
      await page.locator('[data-provider="openai"]').click();
      await page.waitForURL(/\/integrations\/openai$/);
      await shot(page, "05-openai-setup");
      await page.getByLabel("API key").fill("not-a-key");
      // From the keyboard: the answer comes back without throwing focus back to the top of the page.
      await page.getByRole("button", { name: "Verify and save" }).focus();
      await page.keyboard.press("Enter");
      await expect(page.getByRole("alert").first()).toBeVisible();
      await expect(page.locator("[data-credential]")).toHaveCount(0);
      const focused = await page.evaluate(() => document.activeElement?.tagName);
      if (focused === "BODY" || !focused) throw new Error("focus fell back to the page after submitting");
    }],
    ["an OpenAI key the provider accepts is stored and shown VALID with its account", async () => {
      await page.getByLabel("API key").fill(canary);
      await page.getByRole("button", { name: "Verify and save" }).click();
      await expect(page.getByText("Verified and saved.")).toBeVisible();
      await expect(page.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "VALID");
      await expect(openaiStatus()).toHaveAttribute("data-status", "VALID");
      await expect(page.getByText(/models/i).first()).toBeVisible();
      await shot(page, "06-openai-valid");
    }],
    ["a key the provider rejects shows the reason and stores nothing", async () => {
      await page.getByLabel("Credential name").fill("staging");
      await page.getByLabel("API key").fill(rejectedKey);
      await page.getByRole("button", { name: "Verify and save" }).click();
      await expect(page.getByText(/Incorrect API key provided/)).toBeVisible();
      await expect(page.getByText(/Nothing was stored/)).toBeVisible();
      await expect(page.locator("[data-credential]")).toHaveCount(1);
      await shot(page, "07-openai-rejected");
    }],
    ["the integrations page shows the new status without a reload", async () => {
      await page.getByRole("link", { name: "Back to integrations" }).click();
      await page.waitForURL(/\/acme-robotics\/integrations$/);
      await expect(page.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "VALID");
      // The tile that turned VALID since this tab last showed the grid animates once; no other does.
      await expect(page.locator('[data-status-change="VALID"]')).toHaveCount(1);
      await expect(page.locator('[data-provider="openai"] [data-status-change="VALID"]')).toHaveCount(1);
      await shot(page, "08-integrations-valid");
    }],
    ["settings re-validates the stored credential", async () => {
      await page.getByRole("link", { name: "Settings" }).click();
      await page.waitForURL(/\/settings\/integrations$/);
      await page.getByRole("button", { name: "Re-validate" }).click();
      await expect(page.getByText("Still valid.")).toBeVisible();
      await shot(page, "09-settings-revalidated");
    }],
    ["settings deletes it: status back to not configured, audit kept", async () => {
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByRole("button", { name: /Delete “default” for good/ }).click();
      await expect(page.getByText("No credentials yet")).toBeVisible();
      await shot(page, "10-settings-deleted");
      await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
      await page.waitForURL(/\/settings\/audit$/);
      for (const action of ["integration.store", "integration.validate", "integration.delete"]) {
        await expect(page.locator(`[data-audit="${action}"]`).first()).toBeVisible();
      }
      await expect(page.locator('[data-audit="integration.delete"]')).toHaveCount(1);
      await shot(page, "11-audit-log");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
      await expect(page.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "NOT_CONFIGURED");
    }],
    ["signing out ends the session", async () => {
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/sign-in/);
      await page.goto(`${baseUrl}/acme-robotics/integrations`);
      await page.waitForURL(/\/sign-in/);
    }],
  ];
};
