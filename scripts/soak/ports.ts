import { freePort } from "../../test/e2e/server";

/**
 * The port of the soak's PostgreSQL (0), its two instances (1, 2) and the embedded one (3): from
 * SOAK_PORT_BASE when set (a range of one's own on a shared machine), else one the OS picks as
 * free (from its ephemeral range, which no assigned range overlaps). Loopback fakes always take
 * an OS-picked port.
 */
export async function soakPort(offset: 0 | 1 | 2 | 3): Promise<number> {
  const base = Number(process.env.SOAK_PORT_BASE ?? "");
  return Number.isInteger(base) && base > 0 ? base + offset : freePort();
}
