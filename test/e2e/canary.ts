import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

/** Every place the canary secret shows up in plaintext: responses, server log, and database files when given. */
export async function findCanary(
  canary: string,
  where: { bodies: { url: string; body: string }[]; log: string; dataDir?: string },
): Promise<string[]> {
  const leaks: string[] = [];
  // The unique middle of the key is enough: a truncated or partly masked echo still counts.
  const needle = canary.slice(8, 40);
  for (const { url, body } of where.bodies) if (body.includes(needle)) leaks.push(`response ${url}`);
  if (where.log.includes(needle)) leaks.push("server log");
  if (where.bodies.length === 0) leaks.push("(no responses were captured: the check would prove nothing)");
  if (where.dataDir === undefined) return leaks;
  const bytes = Buffer.from(needle);
  let scanned = 0;
  for await (const file of files(where.dataDir)) {
    scanned++;
    if ((await readFile(file)).includes(bytes)) leaks.push(`data file ${path.relative(where.dataDir, file)}`);
  }
  if (scanned === 0) leaks.push("(no database files were found: the check would prove nothing)");
  return leaks;
}
