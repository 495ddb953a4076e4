import { execFile, spawnSync } from "node:child_process";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { readdirSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { soakPort } from "./ports";

const run = promisify(execFile);

/**
 * The soak's own PostgreSQL cluster (initdb into a temp dir, trust auth on loopback, a free port),
 * so it can stop and start it at will: the machine's shared server on 5432 is never touched.
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
 */
export interface SoakPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`soak: no PostgreSQL under ${root} (apt-get install postgresql)`);
  return path.join(root, versions[0], "bin");
}

export async function startSoakPostgres(): Promise<SoakPostgres> {
  const bin = binDir();
  const asRoot = userInfo().uid === 0;
  const dir = await mkdtemp(path.join(tmpdir(), "switchboard-soak-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) {
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gids = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    if (ids.status !== 0) throw new Error("soak: running as root needs the `postgres` OS user to own the soak's cluster");
    await chown(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    await chmod(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args));
  await as(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await soakPort(0);
  // fsync stays on: the soak checks that acknowledged writes survive; the socket lives in the temp dir.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB`;
  const pgCtl = (args: string[]) => as(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), ...args]);
  const start = async () => void (await pgCtl(["-o", opts, "-w", "-t", "30", "start"]));
  // Fast shutdown: open connections are terminated, as a managed database's restart does.
  const stop = async () => void (await pgCtl(["-m", "fast", "-w", "-t", "30", "stop"]));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
