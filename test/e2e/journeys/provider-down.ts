import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * OpenAI is down: nothing is stored unless the admin explicitly saves without verifying. Then the
 * pending default beside a verified second key, and a key that never worked being rejected.
 */
export const providerDownJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `umbrella-${stamp}`;
  const key = `sk-proj-DOWN${"Qw8e".repeat(15)}T3BlbkFJ${"Rt5y".repeat(15)}`;
  const backup = `sk-proj-BACK${"Zx7c".repeat(15)}T3BlbkFJ${"Vb4n".repeat(15)}`;
  const note = "The default is Pending; 1 other credential is Valid.";
  const admin = () => page("down-admin");
  const headerStatus = async () => (await admin()).locator("h1 + * [data-status], h1 ~ [data-status]").first();
  const settingsRow = async (name: string) => (await admin()).locator(`[data-credential="openai:${name}"]`);
  return [
    ["a key OpenAI cannot check now is not stored, and can be saved as pending on request", async () => {
      fake.keys.set(key, "outage");
      const p = await admin();
      await signUp(p, baseUrl, `hank-${stamp}@example.test`);
      await createOrg(p, "Umbrella", slug);
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(key);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText(/Couldn't verify with OpenAI: /)).toBeVisible();
      await expect(p.locator("[data-credential]")).toHaveCount(0);
      await shot(p, "30-provider-down");
      await expect(p.getByText(/Saving without verifying stores the key as Pending/)).toBeVisible();
      await p.getByRole("button", { name: "Save without verifying" }).click();
      await expect(p.getByText("Saved without verifying.")).toBeVisible();
      await expect(p.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "PENDING");
      // Never checked, so no "Last checked": when it was saved, and that it has not been checked yet.
      await expect(p.locator("[data-credential] p", { hasText: /^Saved without verifying .+ UTC; not checked yet$/ })).toBeVisible();
      await shot(p, "31-saved-pending");
    }],
    ["a verified second key beside the pending default is said on the tile and the page, and Make default is where the key is", async () => {
      fake.keys.set(backup, "valid");
      const p = await admin();
      await p.getByLabel("API key").fill(backup);
      await p.getByLabel("Credential name").fill("backup");
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();
      await expect(p.getByText(`${note} Make it the default below so exports hand out a working key.`, { exact: true })).toBeVisible();
      await expect(await headerStatus()).toHaveAttribute("data-status", "PENDING");

      await p.goto(`${baseUrl}/${slug}/integrations`);
      await expect(p.getByText(/^1 of \d+ providers set up, 0 working\.$/)).toBeVisible();
      const tile = p.locator('[data-provider="openai"]');
      await expect(tile.locator("[data-status]")).toHaveAttribute("data-status", "PENDING");
      await expect(tile.getByText(note)).toBeVisible();
      await shot(p, "32-pending-default-other-valid");

      await tile.click();
      await p.waitForURL(/\/integrations\/openai$/);
      await expect(p.locator('[data-credential="default"]').getByRole("button", { name: /^Make default/ })).toHaveCount(0);
      await p.locator('[data-credential="backup"]').getByRole("button", { name: "Make default: OpenAI “backup”" }).click();
      await expect(await headerStatus()).toHaveAttribute("data-status", "VALID");
      await expect(p.locator("[data-other-valid]")).toHaveCount(0);
      await p.goto(`${baseUrl}/${slug}/integrations`);
      await expect(p.getByText(/^1 of \d+ providers set up, 1 working\.$/)).toBeVisible();
    }],
    ["renaming to a name the rule refuses says the rule at the field", async () => {
      const p = await admin();
      await p.goto(`${baseUrl}/${slug}/settings/integrations`);
      const row = await settingsRow("backup");
      await row.getByRole("button", { name: "Rename OpenAI backup" }).click();
      await row.getByLabel("New name for OpenAI backup").fill("no/slashes");
      await row.getByRole("button", { name: "Save name" }).click();
      await expect(row.getByRole("alert").getByText("Use letters, digits, spaces, underscores, dots, dashes and round brackets.", { exact: true })).toBeVisible();
      await row.getByRole("button", { name: "Cancel" }).click();
    }],
    ["a pending key whose first check fails is announced as rejected, not as having stopped working", async () => {
      fake.keys.set(key, "invalid");
      const p = await admin();
      const row = await settingsRow("default");
      await expect(row.getByText(/^Saved without verifying .+; not checked yet$/)).toBeVisible();
      await row.getByRole("button", { name: "Re-validate" }).click();
      await expect(row.getByText(/^OpenAI rejected the key\. .* The status is now Invalid\.$/)).toBeVisible();
      await expect(row.locator("[data-status]").first()).toHaveAttribute("data-status", "INVALID");
      await p.goto(`${baseUrl}/${slug}/integrations`);
      await expect(p.getByText(/^OpenAI rejected default, the key saved without verifying, at .+ UTC$/)).toBeVisible();
      await expect(p.getByText(/stopped working/)).toHaveCount(0);
    }],
    ["once OpenAI accepts it, re-validating turns it valid and closes the notice", async () => {
      fake.keys.set(key, "valid");
      const p = await admin();
      await p.goto(`${baseUrl}/${slug}/settings/integrations`);
      const row = await settingsRow("default");
      await row.getByRole("button", { name: "Re-validate" }).click();
      await expect(row.getByText("Still valid.")).toBeVisible();
      await expect(row.locator("[data-status]").first()).toHaveAttribute("data-status", "VALID");
      await p.goto(`${baseUrl}/${slug}/integrations`);
      await expect(p.locator("[data-notification]")).toHaveCount(0);
    }],
  ];
};
