import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { envHandler } from "@/lib/api/env";
import { listIntegrations } from "@/lib/integrations/queries";
import { deleteIntegration, setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { apiWorld, makeKey, openaiKey } from "../helpers/api";

const CLI = path.join(process.cwd(), "bin/switchboard.mjs");
const SA = JSON.stringify({ type: "service_account", project_id: "p", client_email: "sa@p.iam.gserviceaccount.com", private_key_id: "abcd1234",
  private_key: generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey }, null, 2);

let world: Awaited<ReturnType<typeof apiWorld>>;
let server: Server;
let url: string;
let key: string;
let truncate = false;

/** The same handler as /api/v1/env/{org}, behind a loopback HTTP server; or a download cut short. */
function serve(): Promise<void> {
  server = createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    if (truncate) return void res.writeHead(200, { "content-type": "text/plain", "content-length": "5000" }).write("OPENAI_API_KEY='sk-", () => res.destroy());
    const m = /^\/api\/v1\/env\/([^/]+)$/.exec(u.pathname);
    if (!m) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await envHandler(new Request(u, { headers }), { orgSlug: decodeURIComponent(m[1]) }, world.deps);
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve();
  }));
}

function run(dir: string, args: string[] = [], apiKey = key): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "pull", "--org", world.a.slug, "--url", url, "--file", path.join(dir, ".env"), ...args],
      { env: { PATH: process.env.PATH, NODE_ENV: "test", SWITCHBOARD_API_KEY: apiKey }, timeout: 20_000, encoding: "utf8" },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }));
  });
}

const fresh = () => mkdtemp(path.join(tmpdir(), "sb-pull-"));
const read = (dir: string, name = ".env") => readFile(path.join(dir, name), "utf8");
const SECRETS = () => [openaiKey("pull"), openaiKey("local"), "local-old-value", JSON.parse(SA).private_key.split("\n")[1]];
const expectNoSecrets = (out: string) => { for (const s of SECRETS()) expect(out).not.toContain(s); };

beforeAll(async () => {
  world = await apiWorld("pglite", "pull");
  const store = (provider: string, credential: Record<string, string>) =>
    setupIntegration(world.deps, { userId: world.a.users.admin }, { orgId: world.a.orgId, provider: getProvider(provider)!, name: "default", credential, skipValidation: true });
  await store("openai", { apiKey: openaiKey("pull") });
  await store("gcp", { serviceAccountJson: SA });
  key = (await makeKey(world.db, world.a, ["export"])).key;
  await serve();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await world.close();
});

describe("switchboard pull", () => {
  it("writes a new .env with mode 0600 that dotenv reads back exactly, and ignores it in git", async () => {
    const dir = await fresh();
    const { code, out } = await run(dir);
    expect(code).toBe(0);
    expect(parse(await read(dir))).toEqual({ OPENAI_API_KEY: openaiKey("pull"), GOOGLE_APPLICATION_CREDENTIALS_JSON: SA });
    expect((await stat(path.join(dir, ".env"))).mode & 0o777).toBe(0o600);
    expect(await read(dir, ".gitignore")).toBe(".env\n");
    expect(out).toMatch(/2 added/);
    expectNoSecrets(out);
  });

  it("keeps other variables and lines, replaces its own block, and is idempotent", async () => {
    const dir = await fresh();
    const mine = "# my settings\nPORT=3000\nMULTI=\"a\\nb\"\nexport NAME='it''s'\n";
    await writeFile(path.join(dir, ".env"), mine);
    await writeFile(path.join(dir, ".gitignore"), "node_modules\n.env*\n");
    expect((await run(dir)).code).toBe(0);
    const first = await read(dir);
    expect(first.startsWith(mine)).toBe(true);
    expect(parse(first)).toEqual({ ...parse(mine), OPENAI_API_KEY: openaiKey("pull"), GOOGLE_APPLICATION_CREDENTIALS_JSON: SA });
    expect(await read(dir, ".gitignore")).toBe("node_modules\n.env*\n");
    const again = await run(dir);
    expect(again.out).toMatch(/0 added, 0 updated, 2 unchanged, 0 removed; 3 other variables kept/);
    expect(await read(dir)).toBe(first);
  });

  it("refuses to overwrite a changed value without a terminal, and overwrites it with --yes, naming but never printing it", async () => {
    const dir = await fresh();
    const local = `OPENAI_API_KEY=local-old-value\nKEEP=me\n`;
    await writeFile(path.join(dir, ".env"), local);
    await chmod(path.join(dir, ".env"), 0o644);
    const refused = await run(dir);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/OPENAI_API_KEY \(changed\)/);
    expect(refused.out).toMatch(/refusing to overwrite changed values/);
    expect(await read(dir)).toBe(local);
    const accepted = await run(dir, ["--yes"]);
    expect(accepted.code).toBe(0);
    expect(accepted.out).toMatch(/warning: .*OPENAI_API_KEY \(changed\)/);
    expect(parse(await read(dir))).toMatchObject({ OPENAI_API_KEY: openaiKey("pull"), KEEP: "me" });
    expect((await stat(path.join(dir, ".env"))).mode & 0o777).toBe(0o600);
    expectNoSecrets(refused.out + accepted.out);
  });

  it("asks before removing a variable Switchboard no longer has", async () => {
    const dir = await fresh();
    expect((await run(dir)).code).toBe(0);
    const gcpRow = (await listIntegrations(world.db, world.a.orgId)).find((r) => r.provider === "gcp")!;
    await deleteIntegration(world.deps, { userId: world.a.users.admin }, world.a.orgId, gcpRow.id);
    const refused = await run(dir);
    expect(refused).toMatchObject({ code: 1, out: expect.stringMatching(/GOOGLE_APPLICATION_CREDENTIALS_JSON \(no longer in Switchboard\)/) });
    expect((await run(dir, ["--yes"])).code).toBe(0);
    expect(parse(await read(dir))).toEqual({ OPENAI_API_KEY: openaiKey("pull") });
  });

  it("leaves the file untouched on a wrong key or a download cut short", async () => {
    const dir = await fresh();
    await writeFile(path.join(dir, ".env"), "OLD=1\n");
    const wrong = await run(dir, [], "sbk_nope");
    expect(wrong).toMatchObject({ code: 1, out: expect.stringMatching(/invalid_api_key/) });
    truncate = true;
    const cut = await run(dir).finally(() => { truncate = false; });
    expect(cut.code).toBe(1);
    expect(await read(dir)).toBe("OLD=1\n");
    expect((await readdir(dir)).sort()).toEqual([".env"]);
  });

  it("does not follow a redirect, so the key never reaches the other host", async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = createServer((req, res) => { seen.push(req.headers["x-api-key"] as string | undefined); res.end("STOLEN=1\n"); });
    await new Promise<void>((r) => elsewhere.listen(0, "127.0.0.1", r));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    const redirector = createServer((req, res) => void res.writeHead(307, { location: `${target}${req.url}` }).end());
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", r));
    const real = url;
    url = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    const dir = await fresh();
    try {
      const result = await run(dir);
      expect(result).toMatchObject({ code: 1, out: expect.stringMatching(/answered with a redirect \(HTTP 307\); the API key was not sent on/) });
      expect(result.out).not.toContain(key);
      expect(seen).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      url = real;
      await Promise.all([elsewhere, redirector].map((s) => new Promise((r) => s.close(r))));
    }
  });

  it("keeps the local values of variables whose credential Switchboard could not open this time, and warns", async () => {
    const dir = await fresh();
    await writeFile(path.join(dir, ".env"), "MINE=1\n");
    expect((await run(dir)).code).toBe(0);
    const openai = (await listIntegrations(world.db, world.a.orgId)).find((r) => r.provider === "openai" && r.isDefault)!;
    const cipher = (await world.db.query<{ c: Buffer }>(`select ciphertext as c from integration_secrets where integration_id = $1`, [openai.id])).rows[0].c;
    await world.db.query(`update integration_secrets set ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) where integration_id = $1`, [openai.id]);
    try {
      const again = await run(dir);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/warning: Switchboard could not export the credential behind OPENAI_API_KEY this time/);
      expect(again.out).toMatch(/0 removed/);
      expect(parse(await read(dir))).toMatchObject({ MINE: "1", OPENAI_API_KEY: openaiKey("pull") });
      expect(await read(dir)).toMatch(/# Kept from the last pull/);
      expectNoSecrets(again.out);
    } finally {
      await world.db.query(`update integration_secrets set ciphertext = $2 where integration_id = $1`, [openai.id, cipher]);
    }
  });

  it("names the address and what to check when Switchboard is not reachable", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const real = url;
    url = `http://127.0.0.1:${port}`;
    const dir = await fresh();
    try {
      const result = await run(dir);
      expect(result.code).toBe(1);
      expect(result.out).toContain(`could not reach Switchboard at http://127.0.0.1:${port} (nothing is listening there)`);
      expect(result.out).toMatch(/Check that Switchboard is running there and that --url \(or SWITCHBOARD_URL\) is its address/);
      expect(result.out).not.toMatch(/fetch failed/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      url = real;
    }
  });

  it("sends the key over plain http only to this machine", async () => {
    const real = url;
    const dir = await fresh();
    try {
      for (const remote of ["http://switchboard.example.test", "http://10.0.0.5:3000", "ftp://example.test", "not a url"]) {
        url = remote;
        const result = await run(dir);
        expect(result).toMatchObject({ code: 2, out: expect.stringMatching(/use https|is not a URL/) });
        expect(result.out).not.toContain(key);
      }
      url = real.replace("127.0.0.1", "localhost");
      expect((await run(dir)).code).toBe(0);
    } finally {
      url = real;
    }
  });
});
