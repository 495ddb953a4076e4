/** The notification kind raised when Switchboard disables a subscription on its own (410, or 5 days failing). */
export const WEBHOOK_DISABLED = "webhook_disabled";
