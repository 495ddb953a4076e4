import type { StripeFake } from "../../fakes/stripe-fake";
import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Setup after save: a verified Stripe key, one button that creates the webhook endpoint at
 * (loopback) Stripe pointing at a Switchboard inbound endpoint, the signing secret Stripe
 * returned filled in, and a delivery signed with it shown as verified on the inbound page.
 */
export const webhookSetupJourney = (stripe: StripeFake): Journey => ({ baseUrl, page, shot }) => {
  const stamp = Date.now();
  const slug = `hooks-${stamp}`;
  const restricted = `rk_test_${"77Wh".repeat(12)}`;
  return [
    ["after a Stripe key is verified, one button creates the webhook endpoint at Stripe and fills in its signing secret", async () => {
      stripe.apiKeys.add(restricted);
      const admin = await page("hooks-admin");
      await signUp(admin, baseUrl, `wh-${stamp}@example.test`);
      await createOrg(admin, "Hooks", slug);
      await admin.goto(`${baseUrl}/${slug}/integrations/stripe`);
      await admin.getByLabel("Publishable key").fill(`pk_test_${"77Wp".repeat(12)}`);
      await admin.getByLabel("Secret or restricted key").fill(restricted);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText("Verified and saved.")).toBeVisible();
      const preview = admin.locator("[data-preview=stripe-webhook]");
      await expect(preview).toContainText("a new Switchboard inbound endpoint");
      await expect(admin.locator("[data-webhook-secret]")).toHaveAttribute("data-webhook-secret", "none");
      await admin.getByRole("button", { name: "Create webhook endpoint at Stripe" }).click();
      await expect(admin.getByText(/Created we_\w+ at Stripe/)).toBeVisible();
      const [remote] = [...stripe.webhookEndpoints.values()].filter((e) => e.key === restricted);
      if (!remote || !remote.url.startsWith(`${baseUrl}/api/hooks/`)) throw new Error(`Stripe has no endpoint to the inbound URL: ${remote?.url}`);
      await expect(admin.locator("[data-webhook-secret]")).toHaveAttribute("data-webhook-secret", "stored");
      await expect(admin.locator("[data-webhook-secret]")).toContainText(`ends in ${remote.secret.slice(-4)}`);
      await shot(admin, "60-stripe-webhook-created");

      // Stripe sends an event signed with the secret it returned: verified and listed.
      const raw = JSON.stringify(stripe.event("invoice.paid", { id: "in_e2e", object: "invoice" }));
      const res = await fetch(remote.url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": stripe.sign(raw, { secret: remote.secret }) }, body: raw });
      if (res.status !== 200) throw new Error(`the inbound endpoint answered ${res.status}`);
      const forged = await fetch(remote.url, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": stripe.sign(raw, { secret: "whsec_wrong0123456789abcdef" }) }, body: raw });
      if (forged.status !== 400) throw new Error(`a forged delivery answered ${forged.status}`);
      await admin.goto(`${baseUrl}/${slug}/settings/webhooks/inbound`);
      await expect(admin.locator("[data-delivery=verified]").first()).toContainText("invoice.paid");
      // A refusal is recorded after its answer (next/server after), so it may land after this page was rendered: reload until it shows.
      for (let i = 0; i < 20 && (await admin.locator("[data-delivery=refused]").count()) === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        await admin.reload();
      }
      await expect(admin.locator("[data-delivery=refused]").first()).toContainText("Bad signature");
      await shot(admin, "61-inbound-deliveries");
    }],
  ];
};
