import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import path from "node:path";

/**
 * Replaces `file` with `data` so that a reader (or a crash) sees the old file or the new one,
 * never half of either: write a temp file in the same directory (rename is atomic only within
 * one filesystem), fsync it, rename it over the target, then fsync the directory so the rename
 * itself is durable. The temp file is created with `mode` (0600: it holds secrets from its first
 * byte) and removed if anything fails. `fs` is injectable so tests can fail each step.
 */
export async function writeFileAtomic(file, data, { mode = 0o600, fs = nodeFs } = {}) {
  // Write through a symlink to its target instead of replacing the link with a plain file.
  const target = await fs.realpath(file).catch(() => path.resolve(file));
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle;
  try {
    handle = await fs.open(tmp, "wx", mode);
    // The umask may have narrowed the mode further, never widened it; set it exactly.
    await handle.chmod(mode);
    await handle.writeFile(data, "utf8");
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(fs, dir);
}

async function syncDir(fs, dir) {
  let handle;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename has still happened.
  } finally {
    await handle?.close().catch(() => {});
  }
}
