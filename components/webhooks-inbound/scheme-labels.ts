/** How each signature scheme is named on the pages. */
export const SCHEME_LABELS: Record<string, string> = {
  stripe: "Stripe (Stripe-Signature)",
  github: "GitHub (X-Hub-Signature-256)",
  standard_webhooks: "Standard Webhooks (webhook-signature)",
  hmac_sha256: "HMAC-SHA256 of the body, in a header",
};

export const REFUSAL_LABELS: Record<string, string> = {
  bad_signature: "Bad signature",
  stale: "Too old",
  no_signature: "No signature",
  no_secret: "No signing secret",
  too_large: "Too large",
  malformed: "Malformed",
};
