import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { WrappedKeyRejected, type KeyEncryptionKey } from "./kek";

// No "server-only" here: scripts/rotate-kek.ts runs outside Next and must load the keyring too.
// Nothing in a client bundle can import this anyway (it needs node:fs).

export const KEYRING_FILE = "master-key.json";
const KEK_ID = /^local-([1-9][0-9]*)$/;
const keyringSchema = z.object({
  current: z.string().regex(KEK_ID),
  keys: z.record(z.string().regex(KEK_ID), z.string()),
});
type Keyring = { current: string; keys: Map<string, Buffer> };

/** The embedded-mode KEK: a keyring file in the data directory. Old versions stay so older wraps still open. */
export interface LocalKek extends KeyEncryptionKey {
  /** True for every local-<n> id, even one added by another process after we loaded the file. */
  owns(kekId: string): boolean;
}

/** Loads `<dataDir>/master-key.json`, creating it (local-1) on first use. */
export async function loadLocalKek(dataDir: string): Promise<LocalKek> {
  return localKek(dataDir, (await readKeyring(dataDir)) ?? (await createKeyring(dataDir)));
}

/** Loads the keyring only if it exists: KMS mode must never mint a local master key. */
export async function loadExistingLocalKek(dataDir: string): Promise<LocalKek | null> {
  const ring = await readKeyring(dataDir);
  return ring && localKek(dataDir, ring);
}

/** Rotation: adds local-<n+1> and makes it current. Returns the KEK that wraps with it. */
export async function addLocalKekVersion(dataDir: string): Promise<LocalKek> {
  await loadLocalKek(dataDir);
  const file = path.join(dataDir, KEYRING_FILE);
  // Losing a keyring version loses every org key wrapped by it, so two rotations must never
  // race to write different "local-<n+1>" keys: an exclusive lock file serialises them.
  const lock = await open(`${file}.lock`, "wx", 0o600).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "EEXIST") throw err;
    throw new Error(`Another key rotation holds ${file}.lock; if none is running, remove that file and retry.`);
  });
  try {
    const ring = (await readKeyring(dataDir))!;
    const next = Math.max(...[...ring.keys.keys()].map((id) => Number(KEK_ID.exec(id)![1]))) + 1;
    ring.current = `local-${next}`;
    ring.keys.set(ring.current, randomBytes(32));
    await writeAtomically(file, serialise(ring));
    return localKek(dataDir, ring);
  } finally {
    await lock.close();
    await unlink(`${file}.lock`);
  }
}

function localKek(dataDir: string, ring: Keyring): LocalKek {
  // `id` is fixed for this object's life: the vault records it beside what wrap() returns, so
  // it must never change between the two (a reload below only adds keys).
  const id = ring.current;
  return {
    id,
    owns: (kekId) => KEK_ID.test(kekId),
    async wrap(dataKey) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", ring.keys.get(id)!, iv).setAAD(wrapAad(id));
      const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
    },
    async unwrap(wrapped, kekId) {
      if (!ring.keys.has(kekId)) {
        // A rotation in another process may have added this version since we loaded the file.
        const fresh = await readKeyring(dataDir);
        for (const [version, key] of fresh?.keys ?? []) if (!ring.keys.has(version)) ring.keys.set(version, key);
      }
      const key = ring.keys.get(kekId);
      if (!key) throw new Error(`The local keyring has no key ${kekId}.`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, wrapped.subarray(0, 12), { authTagLength: 16 }).setAAD(wrapAad(kekId));
        decipher.setAuthTag(wrapped.subarray(12, 28));
        return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
      } catch {
        throw new WrappedKeyRejected(`The wrapped org key does not open under ${kekId}: it was altered or is corrupt.`);
      }
    },
  };
}

// Binding the kek id means a wrapped key relabelled with another version's id fails to open
// rather than being "unwrapped" by the wrong key.
const wrapAad = (kekId: string) => Buffer.from(`switchboard/local-kek/v1:${kekId}`, "utf8");

async function readKeyring(dataDir: string): Promise<Keyring | null> {
  const file = path.join(dataDir, KEYRING_FILE);
  // Mode is checked on the handle we read from, so the file cannot be swapped in between.
  const handle = await open(file, "r").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (!handle) return null;
  try {
    const mode = (await handle.stat()).mode & 0o777;
    if (mode & 0o077) {
      throw new Error(`Switchboard refuses to start: ${file} has mode ${mode.toString(8)}; run chmod 600 on it (it holds the master key).`);
    }
    // A racing creator may have created the file but not yet written it: give it a second.
    // (An empty read leaves the position at 0, so re-reading the handle sees the whole file.)
    let text = await handle.readFile("utf8");
    for (let i = 0; !text && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await handle.readFile("utf8");
    }
    return parseKeyring(file, text);
  } finally {
    await handle.close();
  }
}

function parseKeyring(file: string, text: string): Keyring {
  const malformed = () => new Error(`Switchboard refuses to start: ${file} is malformed (expected { current, keys } with 32-byte base64 keys).`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed();
  }
  const parsed = keyringSchema.safeParse(json);
  if (!parsed.success || !(parsed.data.current in parsed.data.keys)) throw malformed();
  const keys = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(parsed.data.keys)) {
    const key = Buffer.from(b64, "base64");
    if (key.length !== 32 || key.toString("base64") !== b64) throw malformed();
    keys.set(id, key);
  }
  return { current: parsed.data.current, keys };
}

const serialise = (ring: Keyring) =>
  JSON.stringify({ current: ring.current, keys: Object.fromEntries([...ring.keys].map(([id, k]) => [id, k.toString("base64")])) }, null, 2) + "\n";

async function createKeyring(dataDir: string): Promise<Keyring> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEYRING_FILE);
  const ring: Keyring = { current: "local-1", keys: new Map([["local-1", randomBytes(32)]]) };
  // "wx": if another process created the file first we read theirs instead of overwriting it,
  // which would orphan every org key it has already wrapped. 0600 from the first byte.
  const handle = await open(file, "wx", 0o600).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "EEXIST") return null;
    throw err;
  });
  if (!handle) return (await readKeyring(dataDir))!;
  try {
    await handle.writeFile(serialise(ring));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return ring;
}

/** Temp file + fsync + rename: readers see the old keyring or the new one, never half of one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  const dir = await open(path.dirname(file), "r");
  await dir.sync().finally(() => dir.close());
}
