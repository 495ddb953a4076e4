import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/** OpenAI is down: nothing is stored unless the admin explicitly saves without verifying. */
export const providerDownJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `umbrella-${stamp}`;
  const key = `sk-proj-DOWN${"Qw8e".repeat(15)}T3BlbkFJ${"Rt5y".repeat(15)}`;
  return [
    ["a key OpenAI cannot check now is not stored, and can be saved as pending on request", async () => {
      fake.keys.set(key, "outage");
      const admin = await page("down-admin");
      await signUp(admin, baseUrl, `hank-${stamp}@example.test`);
      await createOrg(admin, "Umbrella", slug);
      await admin.goto(`${baseUrl}/${slug}/integrations/openai`);
      await admin.getByLabel("API key").fill(key);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText(/Couldn't verify with OpenAI: /)).toBeVisible();
      await expect(admin.locator("[data-credential]")).toHaveCount(0);
      await shot(admin, "30-provider-down");
      await expect(admin.getByText(/Saving without verifying stores the key as Pending/)).toBeVisible();
      await admin.getByRole("button", { name: "Save without verifying" }).click();
      await expect(admin.getByText("Saved without verifying.")).toBeVisible();
      await expect(admin.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "PENDING");
      await expect(admin.locator("[data-credential] p", { hasText: /^Saved .+ · Not verified yet/ })).toBeVisible();
      await shot(admin, "31-saved-pending");
    }],
    ["once OpenAI is back, re-validating turns the pending key valid", async () => {
      fake.keys.set(key, "valid");
      const admin = await page("down-admin");
      await admin.goto(`${baseUrl}/${slug}/settings/integrations`);
      await admin.getByRole("button", { name: "Re-validate" }).click();
      await expect(admin.getByText("Still valid.")).toBeVisible();
      await expect(admin.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "VALID");
    }],
  ];
};
