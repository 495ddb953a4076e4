import { z } from "zod";
import { GITHUB_EVENT_CHOICES, STRIPE_EVENT_CHOICES } from "@/lib/webhooks/setup/choices";
import { orgSlugRef as orgSlug } from "./text";

/** The events ticked: form checkboxes arrive as "event.<name>" = "on", JSON callers may send events: [...]. */
export const checkedEvents = <T extends readonly string[]>(choices: T, input: Record<string, unknown>): T[number][] =>
  choices.filter((e) => input[`event.${e}`] === "on" || input[`event.${e}`] === true || (Array.isArray(input.events) && input.events.includes(e)));

/** Your app's own URL for Stripe to call: https, no user or password in it. */
const appUrl = z.string().trim().max(2048, "Use at most 2,048 characters.").pipe(z.url("Enter a full https:// address.")).refine((v) => {
  const u = new URL(v);
  return u.protocol === "https:" && !u.username && !u.password;
}, "Stripe calls https addresses only, without a user or password in them.");

export const stripeWebhookSetupSchema = z
  .looseObject({
    orgSlug,
    integrationId: z.uuid("Unknown credential."),
    target: z.enum(["inbound", "app"], "Choose where Stripe should send events."),
    appUrl: z.preprocess((v) => (v === "" ? undefined : v), appUrl.optional()),
  })
  .superRefine((v, ctx) => {
    if (checkedEvents(STRIPE_EVENT_CHOICES, v).length === 0) ctx.addIssue({ code: "custom", path: ["events"], message: "Choose at least one event." });
    if (v.target === "app" && !v.appUrl) ctx.addIssue({ code: "custom", path: ["appUrl"], message: "Enter your app's webhook address." });
  });

export const githubWebhookSetupSchema = z
  .looseObject({
    orgSlug,
    integrationId: z.uuid("Unknown credential."),
    repository: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "Enter the repository as owner/name."),
  })
  .superRefine((v, ctx) => {
    if (checkedEvents(GITHUB_EVENT_CHOICES, v).length === 0) ctx.addIssue({ code: "custom", path: ["events"], message: "Choose at least one event." });
  });
