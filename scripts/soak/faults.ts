import type { RunningApp } from "../../test/e2e/server";
import type { KmsFake } from "../../test/fakes/kms-fake";
import type { CheckResult } from "./checks";
import type { Pool } from "./client";
import type { Recorder } from "./record";
import type { Providers } from "./run";
import type { SoakPostgres } from "./postgres";
import type { SoakOrg } from "./world";

export interface Faults {
  pg: SoakPostgres;
  kms: KmsFake;
  providers: Providers;
  apps: RunningApp[];
  pool: Pool;
  rec: Recorder;
  env: Record<string, string>;
  dataDir: string;
  fresh: SoakOrg[];
  actionIds: Map<string, string>;
  log(text: string): void;
}

export async function injectFaults(_f: Faults, _deadline: number): Promise<CheckResult[]> {
  return [];
}
