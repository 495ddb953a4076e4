import { z } from "zod";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/types";
import { orgSlugRef as orgSlug } from "./text";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
export const EVENT_TYPE_NAMES = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

// One checkbox per event type (event.credential.saved, …): FormData flattened to an object keeps
// one value per name, so a multi-value field would lose all but the last.
const eventFields = Object.fromEntries(EVENT_TYPE_NAMES.map((t) => [`event.${t}`, checkbox.default(false)])) as Record<`event.${WebhookEventType}`, z.ZodDefault<typeof checkbox>>;

export const createSubscriptionSchema = z
  .object({
    orgSlug,
    url: z.string().trim().min(1, "Enter the https:// URL that receives the webhooks.").max(2000, "Use a URL of at most 2,000 characters."),
    ...eventFields,
  })
  .refine((v) => EVENT_TYPE_NAMES.some((t) => v[`event.${t}`]), { path: ["eventTypes"], message: "Choose at least one event type." });

export const chosenEventTypes = (v: Record<`event.${WebhookEventType}`, boolean>) => EVENT_TYPE_NAMES.filter((t) => v[`event.${t}`]);

export const subscriptionRefSchema = z.object({ orgSlug, subscriptionId: z.uuid("Unknown subscription.") });

export const setEnabledSchema = subscriptionRefSchema.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export const replayDeliverySchema = subscriptionRefSchema.extend({ deliveryId: z.uuid("Unknown delivery.") });

/** "Everything since": a choice of how far back, so no time zone can be misread. */
export const REPLAY_WINDOWS = { "1h": 1, "6h": 6, "24h": 24, "3d": 72, "7d": 168 } as const;
export const replaySinceSchema = subscriptionRefSchema.extend({
  window: z.enum(Object.keys(REPLAY_WINDOWS) as [keyof typeof REPLAY_WINDOWS], "Choose how far back to replay."),
});
