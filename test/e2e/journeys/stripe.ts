import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/** A multi-field provider: swapped keys are refused before any call, a restricted key is accepted. */
export const stripeJourney: Journey = ({ baseUrl, page, shot, platformFake }) => {
  const stamp = Date.now();
  const slug = `initech-${stamp}`;
  const publishable = `pk_test_${"51Hf".repeat(12)}`;
  const restricted = `rk_test_${"51Hx".repeat(12)}`;
  return [
    ["Stripe refuses a publishable key in the secret field before calling Stripe", async () => {
      platformFake.keys.set(restricted, "valid");
      const admin = await page("stripe-admin");
      await signUp(admin, baseUrl, `peter-${stamp}@example.test`);
      await createOrg(admin, "Initech", slug);
      await admin.goto(`${baseUrl}/${slug}/integrations/stripe`);
      const calls = platformFake.requests.length;
      await admin.getByLabel("Publishable key").fill(publishable);
      await admin.getByLabel("Secret or restricted key").fill(publishable);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText(/This is a publishable key/)).toBeVisible();
      await shot(admin, "40-stripe-swapped");
      if (platformFake.requests.length !== calls) throw new Error("Stripe was called for a refused format");
    }],
    ["a restricted Stripe key is verified, stored as VALID in test mode", async () => {
      const admin = await page("stripe-admin");
      await admin.getByLabel("Secret or restricted key").fill(restricted);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText("Verified and saved.")).toBeVisible();
      await expect(admin.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "VALID");
      await expect(admin.getByText(/test/i).first()).toBeVisible();
      await shot(admin, "41-stripe-valid");
    }],
  ];
};
