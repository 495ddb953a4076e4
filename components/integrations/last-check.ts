import { formatWhen } from "@/lib/format";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { outcomeWord } from "./check-timeline";

type Checked = Pick<IntegrationRow, "checkOutcome" | "checkReason" | "configuredAt" | "lastCheckedAt">;

/**
 * When a credential was last checked and how it went, one line for the provider page and settings
 * alike. A key saved without verifying has not been checked at all, so it does not get a "Last
 * checked" (its stored outcome, "unverified", records the save, not a check).
 */
export function lastCheckText(row: Checked): string {
  if (row.checkOutcome === "unverified") {
    const saved = row.configuredAt ?? row.lastCheckedAt;
    return `Saved without verifying${saved ? ` ${formatWhen(saved)}` : ""}; not checked yet`;
  }
  if (!row.lastCheckedAt) return "Never checked";
  const reason = row.checkReason && row.checkOutcome !== "valid" ? ` (${row.checkReason})` : "";
  return `Last checked ${formatWhen(row.lastCheckedAt)}: ${outcomeWord(row.checkOutcome ?? "unknown")}${reason}`;
}
