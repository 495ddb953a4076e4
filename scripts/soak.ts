/**
 * `npm run soak`: a production build in server mode (two `next start` on the soak's own
 * PostgreSQL cluster, a loopback KMS and loopback providers) driven by 32 concurrent clients
 * through what users do, with faults injected one after another (PostgreSQL restarted, the KMS
 * stopped, providers hanging / failing / rate-limiting, one instance SIGKILLed), then the embedded
 * default SIGKILLed mid-write and reopened. Ends with checks; exits non-zero when one fails.
 *   SOAK_SECONDS (60)  how long the clients run; SOAK_CLIENTS (32);
 *   SOAK_FAULTS=0      no faults (CI's short version); SOAK_RESULTS=file writes the results as JSON;
 *   SOAK_PORT_BASE     PostgreSQL and the instances on this port and the next three (default: free ports).
 * Reuses .next when a build exists, else runs `npm run build`.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { runSoak } from "./soak/run";

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const clients = Number(process.env.SOAK_CLIENTS ?? 32);
const faults = process.env.SOAK_FAULTS !== "0";

runSoak({ seconds, clients, faults, build: !existsSync(".next/BUILD_ID") }).then(
  async (result) => {
    if (process.env.SOAK_RESULTS) await writeFile(process.env.SOAK_RESULTS, JSON.stringify(result, null, 2));
    process.exit(result.checks.every((c) => c.ok) ? 0 : 1);
  },
  (err) => {
    console.error("soak failed:", err);
    process.exit(1);
  },
);
