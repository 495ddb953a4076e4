/**
 * What the setup-after-save buttons offer (shared by the forms and the actions' schemas): the
 * Stripe events most apps listen to, and the GitHub events of a repository webhook.
 */
export const STRIPE_EVENT_CHOICES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
  "payment_intent.succeeded",
  "charge.refunded",
] as const;
export const STRIPE_DEFAULT_EVENTS = STRIPE_EVENT_CHOICES.slice(0, 6);

export const GITHUB_EVENT_CHOICES = ["push", "pull_request", "issues", "release", "workflow_run"] as const;
export const GITHUB_DEFAULT_EVENTS = ["push", "pull_request"];
