import type { StripeFake } from "../../fakes/stripe-fake";
import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Billing on (a second app pointed at the loopback Stripe): an owner upgrades through the fake
 * Checkout, comes back to the Team plan and its higher limits, and opens the Customer Portal;
 * a member sees the plan but no billing buttons.
 */
export const billingJourney = (stripe: StripeFake): Journey => ({ baseUrl, page, shot }) => {
  const stamp = Date.now();
  const slug = `initech-${stamp}`;
  const memberEmail = `milton-${stamp}@example.test`;
  return [
    ["an owner on Free sees the plan, usage against each limit and Upgrade", async () => {
      const owner = await page("billing-owner");
      await signUp(owner, baseUrl, `peter-${stamp}@example.test`);
      await createOrg(owner, "Initech", slug);
      await owner.goto(`${baseUrl}/${slug}/settings/billing`);
      await expect(owner.getByRole("heading", { name: "Free plan" })).toBeVisible();
      await expect(owner.getByText("0 of 5 used")).toBeVisible();
      await expect(owner.getByRole("progressbar", { name: "Members" })).toHaveAttribute("aria-valuetext", "1 of 3 members");
      await expect(owner.getByRole("button", { name: "Upgrade to Team" })).toBeVisible();
      await shot(owner, "60-billing-free");
    }],
    ["Upgrade opens Stripe Checkout; paying brings the owner back to the Team plan and its limits", async () => {
      const owner = await page("billing-owner");
      await owner.getByRole("button", { name: "Upgrade to Team" }).click();
      await owner.waitForURL((u) => u.href.startsWith(`${stripe.url}/checkout/cs_`));
      await owner.getByRole("button", { name: "Pay and subscribe" }).click();
      await owner.waitForURL(new RegExp(`/${slug}/settings/billing\\?session_id=cs_`));
      await expect(owner.getByRole("heading", { name: "Team plan" })).toBeVisible();
      await expect(owner.getByText("0 of 50 used")).toBeVisible();
      await expect(owner.getByText(/renews \d{4}-\d{2}-\d{2}/)).toBeVisible();
      await expect(owner.getByRole("button", { name: "Upgrade to Team" })).toHaveCount(0);
      await shot(owner, "61-billing-team");
      // The webhooks arrived signed, and the app took every one.
      if (!stripe.deliveries.length || stripe.deliveries.some((d) => d.status !== 200)) {
        throw new Error(`webhooks: ${JSON.stringify(stripe.deliveries)}`);
      }
    }],
    ["Manage billing opens the Customer Portal for the org's customer", async () => {
      const owner = await page("billing-owner");
      await owner.goto(`${baseUrl}/${slug}/settings/billing`);
      await owner.getByRole("button", { name: "Manage billing" }).click();
      await owner.waitForURL((u) => u.href.startsWith(`${stripe.url}/portal/`));
      await expect(owner.getByRole("heading", { name: "Customer portal" })).toBeVisible();
      await owner.getByRole("link", { name: "Return to Switchboard" }).click();
      await owner.waitForURL(new RegExp(`/${slug}/settings/billing$`));
    }],
    ["a member sees the plan but no billing buttons", async () => {
      const owner = await page("billing-owner");
      await owner.goto(`${baseUrl}/${slug}/settings/members`);
      await owner.getByLabel("Who is it for").fill("Milton");
      await owner.getByRole("button", { name: "Create invite code" }).click();
      const codeField = owner.getByLabel("Invite code", { exact: true });
      await expect(codeField).toBeVisible();
      const code = await codeField.inputValue();
      const member = await page("billing-member");
      await signUp(member, baseUrl, memberEmail);
      await member.goto(`${baseUrl}/orgs/join`);
      await member.getByLabel("Invite code").fill(code);
      await member.getByRole("button", { name: "Join" }).click();
      await member.waitForURL(new RegExp(`/${slug}/integrations$`));
      await member.goto(`${baseUrl}/${slug}/settings/billing`);
      await expect(member.getByRole("heading", { name: "Team plan" })).toBeVisible();
      await expect(member.getByText("Only owners change the plan")).toBeVisible();
      await expect(member.getByRole("button", { name: /Upgrade|Manage billing/ })).toHaveCount(0);
      await shot(member, "62-billing-member");
    }],
  ];
};
