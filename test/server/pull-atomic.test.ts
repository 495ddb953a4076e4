import * as realFs from "node:fs/promises";
import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error plain ESM shipped without types
import { writeFileAtomic } from "../../bin/lib/atomic-write.mjs";
// @ts-expect-error plain ESM shipped without types
import { ignores } from "../../bin/lib/pull.mjs";

const fresh = () => mkdtemp(path.join(tmpdir(), "sb-atomic-"));

describe("the atomic write", () => {
  it("keeps the old file whole and leaves no temp file when the write or the rename fails", async () => {
    const dir = await fresh();
    const file = path.join(dir, ".env");
    await writeFile(file, "OLD=intact\n");
    const halfWrite = { ...realFs, open: async (...a: Parameters<typeof realFs.open>) => {
      const h = await realFs.open(...a);
      return Object.assign(h, { writeFile: async (data: string) => { await h.write(data.slice(0, 5)); throw new Error("ENOSPC: disk full"); } });
    } };
    await expect(writeFileAtomic(file, "NEW=value\n".repeat(100), { fs: halfWrite })).rejects.toThrow(/ENOSPC/);
    await expect(writeFileAtomic(file, "NEW=value\n", { fs: { ...realFs, rename: async () => { throw new Error("EXDEV"); } } })).rejects.toThrow(/EXDEV/);
    expect(await readFile(file, "utf8")).toBe("OLD=intact\n");
    expect(await readdir(dir)).toEqual([".env"]);
    await writeFileAtomic(file, "NEW=value\n");
    expect([await readFile(file, "utf8"), (await stat(file)).mode & 0o777]).toEqual(["NEW=value\n", 0o600]);
  });

  it("reads .gitignore patterns as git does for a file name", () => {
    expect(ignores(".env\n", ".env")).toBe(true);
    expect(ignores("/.env\n", ".env")).toBe(true);
    expect(ignores(".env*\n", ".env")).toBe(true);
    expect(ignores("*.local\n.env.*\n", ".env")).toBe(false);
    expect(ignores(".env\n!.env\n", ".env")).toBe(false);
    expect(ignores("config/.env\n# .env\n", ".env")).toBe(false);
  });
});
