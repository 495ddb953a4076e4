import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { addLocalKekVersion, KEYRING_FILE, loadExistingLocalKek, loadLocalKek } from "@/lib/vault/local-kek";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "sb-kek-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));
const freshDir = () => path.join(root, randomBytes(4).toString("hex"), "data");
const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe("local keyring KEK", () => {
  it("creates master-key.json on first use with mode 0600 in a 0700 directory", async () => {
    const dir = freshDir();
    const kek = await loadLocalKek(dir);
    expect(kek.id).toBe("local-1");
    expect(await mode(path.join(dir, KEYRING_FILE))).toBe(0o600);
    expect(await mode(dir)).toBe(0o700);
    const file = JSON.parse(await readFile(path.join(dir, KEYRING_FILE), "utf8"));
    expect(file.current).toBe("local-1");
    expect(Buffer.from(file.keys["local-1"], "base64")).toHaveLength(32);
  });

  it("wraps and unwraps a data key, and the wrapped form does not contain it", async () => {
    const kek = await loadLocalKek(freshDir());
    const dataKey = randomBytes(32);
    const wrapped = await kek.wrap(dataKey);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(await kek.unwrap(wrapped, "local-1")).toEqual(dataKey);
  });

  it("refuses a wrapped key that was tampered with or relabelled with another version", async () => {
    const dir = freshDir();
    const wrapped = await (await loadLocalKek(dir)).wrap(randomBytes(32));
    const rotated = await addLocalKekVersion(dir);
    await expect(rotated.unwrap(wrapped, "local-2")).rejects.toThrow();
    wrapped[wrapped.length - 1] ^= 1;
    await expect(rotated.unwrap(wrapped, "local-1")).rejects.toThrow();
  });

  it("refuses to start when the key file is readable by others", async () => {
    const dir = freshDir();
    await loadLocalKek(dir);
    await chmod(path.join(dir, KEYRING_FILE), 0o644);
    await expect(loadLocalKek(dir)).rejects.toThrow(/mode 644.*chmod 600/);
    await expect(loadExistingLocalKek(dir)).rejects.toThrow(/chmod 600/);
  });

  it("refuses to start when the key file is malformed", async () => {
    const dir = freshDir();
    await loadLocalKek(dir);
    const file = path.join(dir, KEYRING_FILE);
    for (const text of ["not json", `{"current":"local-2","keys":{"local-1":"${randomBytes(32).toString("base64")}"}}`, `{"current":"local-1","keys":{"local-1":"c2hvcnQ="}}`]) {
      await writeFile(file, text, { mode: 0o600 });
      await expect(loadLocalKek(dir)).rejects.toThrow(/malformed/);
    }
  });

  it("lets processes racing to create the keyring agree on one key", async () => {
    const dir = freshDir();
    const keks = await Promise.all(Array.from({ length: 8 }, () => loadLocalKek(dir)));
    const wrapped = await keks[0].wrap(Buffer.alloc(32, 1));
    for (const kek of keks) expect(await kek.unwrap(wrapped, "local-1")).toEqual(Buffer.alloc(32, 1));
  });

  it("does not create a keyring when only an existing one is wanted (KMS mode)", async () => {
    expect(await loadExistingLocalKek(freshDir())).toBeNull();
  });

  it("adds a version that becomes current, keeps the old one, and stays 0600", async () => {
    const dir = freshDir();
    const v1 = await loadLocalKek(dir);
    const wrappedV1 = await v1.wrap(Buffer.alloc(32, 2));
    const v2 = await addLocalKekVersion(dir);
    expect(v2.id).toBe("local-2");
    expect(await mode(path.join(dir, KEYRING_FILE))).toBe(0o600);
    expect(await v2.unwrap(wrappedV1, "local-1")).toEqual(Buffer.alloc(32, 2));
    // A process that loaded the keyring before the rotation still opens keys wrapped by local-2.
    expect(await v1.unwrap(await v2.wrap(Buffer.alloc(32, 3)), "local-2")).toEqual(Buffer.alloc(32, 3));
    expect((await loadLocalKek(dir)).id).toBe("local-2");
  });

  it("refuses a second rotation while one holds the lock, so no version is ever overwritten", async () => {
    const dir = freshDir();
    await loadLocalKek(dir);
    const results = await Promise.allSettled([addLocalKekVersion(dir), addLocalKekVersion(dir)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.objectContaining({ message: expect.stringMatching(/Another key rotation/) }) });
    const file = JSON.parse(await readFile(path.join(dir, KEYRING_FILE), "utf8"));
    expect(Object.keys(file.keys).sort()).toEqual(["local-1", "local-2"]);
  });
});
