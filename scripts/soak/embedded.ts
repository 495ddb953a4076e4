import type { CheckResult } from "./checks";
import type { Providers } from "./run";

export async function runEmbeddedCrash(_providers: Providers, _log: (t: string) => void): Promise<CheckResult[]> {
  return [];
}
