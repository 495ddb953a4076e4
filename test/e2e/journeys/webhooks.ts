import { Webhook } from "standardwebhooks";
import type { WebhookReceiver } from "../../fakes/webhook-receiver";
import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Outgoing webhooks as an admin meets them: add a subscription (its secret shown once), save a
 * key, and the signed credential.saved delivery arrives at the receiver (the loopback one, at
 * rebind.example, which the server reaches through WEBHOOK_PINNED_HOSTS) and in the attempts list.
 */
export const webhooksJourney = (receiver: WebhookReceiver): Journey => ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `hooks-${stamp}`;
  const key = `sk-proj-HOOK${"Mn3b".repeat(15)}T3BlbkFJ${"Lk8j".repeat(15)}`;
  const admin = () => page("webhooks-admin");
  let secret = "";
  return [
    ["an admin adds a webhook subscription and copies its whsec_ secret, shown once", async () => {
      const p = await admin();
      await signUp(p, baseUrl, `wanda-${stamp}@example.test`);
      await createOrg(p, "Hooks", slug);
      await p.goto(`${baseUrl}/${slug}/settings`);
      await p.getByRole("link", { name: "Outgoing webhooks" }).click();
      await p.waitForURL(new RegExp(`/${slug}/settings/webhooks/outgoing$`));
      await p.getByLabel("Receiver URL").fill(receiver.url(`/ok/${slug}`));
      await p.getByRole("checkbox", { name: /^credential\.saved/ }).check();
      await p.getByRole("button", { name: "Add subscription" }).click();
      await expect(p.getByText("Copy the signing secret now: it is shown only this once.")).toBeVisible();
      secret = await p.getByLabel("Signing secret").inputValue();
      if (!/^whsec_/.test(secret)) throw new Error(`the secret shown is not whsec_…: ${secret.slice(0, 6)}`);
      await expect(p.locator("[data-subscription]")).toHaveCount(1);
      // Screenshots never show a secret: after a reload it is gone for good, only its last characters remain.
      await p.reload();
      await expect(p.getByText("Copy the signing secret now: it is shown only this once.")).toHaveCount(0);
      await expect(p.getByText(`whsec_…${secret.slice(-4)}`)).toBeVisible();
      await shot(p, "70-webhook-subscription-added");
    }],
    ["saving a key sends a signed credential.saved that the receiver verifies, and the attempt is listed", async () => {
      fake.keys.set(key, "valid");
      const p = await admin();
      const before = receiver.received.length;
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(key);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "VALID");
      await receiver.waitFor(before + 1);
      const got = receiver.received.slice(before).find((r) => r.path === `/ok/${slug}`);
      if (!got) throw new Error("no delivery reached the receiver");
      const body = new Webhook(secret).verify(got.body, got.headers) as { type: string; data: { provider: string; status: string } };
      if (body.type !== "credential.saved" || body.data.provider !== "openai") throw new Error(`unexpected payload ${got.body.slice(0, 200)}`);
      if (got.body.includes(key.slice(8, 40))) throw new Error("the webhook body carries the key");
      // The attempt is recorded after the answer: reload until it is listed.
      const deadline = Date.now() + 15_000;
      for (;;) {
        await p.goto(`${baseUrl}/${slug}/settings/webhooks/outgoing`);
        if (await p.locator('[data-attempt="delivered"][data-event-type="credential.saved"]').count()) break;
        if (Date.now() > deadline) throw new Error("the delivered attempt is not listed");
        await p.waitForTimeout(500);
      }
      await expect(p.locator('[data-attempt="delivered"]').getByText("thanks, got it")).toBeVisible();
      await shot(p, "71-webhook-attempt-listed");
    }],
  ];
};
