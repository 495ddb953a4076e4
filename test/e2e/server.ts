import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const NEXT = path.resolve("node_modules/next/dist/bin/next");

/** Environment for the embedded default: whatever server-mode settings the shell has are dropped. */
function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "KMS_KEY_ID", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"]) delete env[name];
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

/** `npm run build`, as a deployment runs it: the pull tool's bundle, then `next build`. */
export async function buildApp(): Promise<void> {
  console.log("e2e: npm run build");
  const child = spawn("npm", ["run", "-s", "build"], { env: embeddedEnv({}), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`npm run build failed:\n${out.slice(-4000)}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningApp {
  url: string;
  dataDir: string;
  log(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crashed machine or an OOM kill ends it: no shutdown code runs. Resolves on exit. */
  kill(): Promise<void>;
}

/**
 * `next start` on a free port; resolves once it answers. Embedded mode with a fresh data
 * directory unless told otherwise (extra may set DATABASE_URL again for server mode).
 */
export async function startApp(extra: Record<string, string>, dataDir?: string, port?: number): Promise<RunningApp> {
  port ??= await freePort();
  const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), "switchboard-e2e-")));
  const child: ChildProcess = spawn(process.execPath, [NEXT, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: embeddedEnv({ DATA_DIR: dir, ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir: dir,
    log: () => log,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
