import { countOf, statusWord } from "@/lib/format";
import type { IntegrationStatus } from "./queries";

/**
 * What "a provider's status" means when it has several credentials: the status of its default,
 * because the default is the one the .env export, `pull` and the API hand out. A verified key
 * that is not the default does not make the provider work, so the provider is not shown as Valid
 * on its account; showing the best credential's status would promise a working export that
 * Switchboard does not give. When the default is not Valid and another credential is, that is said
 * beside the status (tile, provider page, settings), and the provider page offers Make default on
 * that credential.
 */
export interface ProviderStatus {
  status: IntegrationStatus;
  /** Valid credentials other than the one whose status is shown. */
  otherValid: number;
}

/** The provider's status from its credentials: the default's (else the first's, as listed). */
export function providerStatus(rows: { status: IntegrationStatus; isDefault: boolean }[]): ProviderStatus {
  const shown = rows.find((r) => r.isDefault) ?? rows[0];
  if (!shown) return { status: "NOT_CONFIGURED", otherValid: 0 };
  return { status: shown.status, otherValid: rows.filter((r) => r !== shown && r.status === "VALID").length };
}

/** Said beside a default that is not Valid while another credential is; null otherwise. */
export function otherValidNote({ status, otherValid }: ProviderStatus): string | null {
  if (status === "VALID" || status === "NOT_CONFIGURED" || otherValid === 0) return null;
  const others = otherValid === 1 ? "1 other credential is" : `${otherValid} other credentials are`;
  return `The default is ${statusWord(status)}; ${others} ${statusWord("VALID")}.`;
}

/**
 * The catalog's one-line summary. "Set up" counts providers with any credential; "working" only
 * those whose default is Valid, the ones an export would give a key that works.
 */
export function catalogSummary(statuses: ProviderStatus[], total: number): string {
  const working = statuses.filter((s) => s.status === "VALID").length;
  return `${statuses.length} of ${total} providers set up, ${working} working.`;
}

/**
 * The catalog tile's line under the name: the default's account and how many credentials there
 * are, else the provider's description. Worked out on the server so the tile's props carry one
 * string instead of the description, the label and the count.
 */
export function tileDetail(summary: { accountLabel: string | null; count: number } | undefined, description: string): string {
  if (!summary) return description;
  return [summary.accountLabel, summary.count > 1 && countOf(summary.count, "credential")].filter(Boolean).join(" · ") || description;
}
