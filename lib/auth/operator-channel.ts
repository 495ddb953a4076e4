import "server-only";
import { readFileSync, unlinkSync } from "node:fs";
import { chmod, readFile, unlink, writeFile } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { issueResetCode, RESET_MINUTES } from "./password-reset";

// PGlite is single-process: while the app runs, nothing else may open its data directory. So the
// embedded app listens on a Unix socket inside it, and the operator's commands (run on the same
// machine, as the same user that can read the data directory and its master key anyway) ask the
// app to do the work. The socket is 0600 in a 0700 directory: no other local user can connect.
export const operatorSocketPath = (dataDir: string) => path.join(path.resolve(dataDir), "operator.sock");
// Written whether or not the socket could be opened: a command that cannot reach the server still
// learns that one holds the database, and must not open it too.
const pidPath = (dataDir: string) => path.join(path.resolve(dataDir), "server.pid");

/** The pid of a live process that says it serves `dataDir`, or null. */
export async function runningServerPid(dataDir: string): Promise<number | null> {
  const pid = Number((await readFile(pidPath(dataDir), "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

export type OperatorRequest = { op: "reset-password"; email: string };
export type OperatorReply = { ok: true; code: string; email: string; minutes: number } | { ok: false; error: string };

/** Carries out one operator request against `db`; the command runs the same when the app is stopped. */
export async function handleOperatorRequest(db: Db, request: OperatorRequest): Promise<OperatorReply> {
  if (request?.op !== "reset-password" || typeof request.email !== "string" || request.email.length > 254) return { ok: false, error: "Unknown request." };
  const result = await issueResetCode(db, { userId: null, userAgent: "operator command" }, { email: request.email.trim() }, { kind: "operator" });
  if (!result.ok) return { ok: false, error: `No account uses ${request.email.trim()}.` };
  return { ok: true, code: result.code, email: result.email, minutes: RESET_MINUTES };
}

/** True when something answers on the socket (an app already serving this data directory). */
export function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socketPath);
    s.once("connect", () => { s.destroy(); resolve(true); });
    s.once("error", () => resolve(false));
  });
}

/** Embedded mode: serves operator requests while the app runs. One JSON line in, one out. */
export async function listenForOperator(dataDir: string, db: Db): Promise<Server | null> {
  const socketPath = operatorSocketPath(dataDir);
  if (await socketAnswers(socketPath)) {
    console.error(`Another process already serves ${socketPath}: operator commands go to it, not to this server.`);
    return null;
  }
  await unlink(socketPath).catch(() => {}); // left behind by a server that did not shut down cleanly
  await writeFile(pidPath(dataDir), `${process.pid}\n`, { mode: 0o600 });
  const server = createServer((conn) => {
    let input = "";
    conn.setEncoding("utf8");
    conn.on("data", (chunk) => {
      input += chunk;
      if (input.length > 4096) return conn.destroy();
      const end = input.indexOf("\n");
      if (end < 0) return;
      let request: OperatorRequest;
      try {
        request = JSON.parse(input.slice(0, end));
      } catch {
        return conn.end(`${JSON.stringify({ ok: false, error: "Unknown request." })}\n`);
      }
      handleOperatorRequest(db, request).then(
        (reply) => conn.end(`${JSON.stringify(reply)}\n`),
        (err) => conn.end(`${JSON.stringify({ ok: false, error: `The server could not do it: ${err instanceof Error ? err.message.slice(0, 200) : "error"}` })}\n`),
      );
    });
    conn.on("error", () => {});
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socketPath, () => resolve());
    });
    await chmod(socketPath, 0o600);
  } catch (err) {
    // E.g. a data directory path longer than a socket path may be: the commands then need the app stopped.
    console.error(`Operator commands cannot reach this server (${err instanceof Error ? err.message : "listen failed"}); stop it to run them.`);
    server.close();
    return null;
  }
  server.unref();
  const cleanUp = () => {
    try {
      server.close();
      if (readFileSync(pidPath(dataDir), "utf8").trim() === String(process.pid)) unlinkSync(pidPath(dataDir));
    } catch { /* exiting anyway */ }
  };
  process.once("exit", cleanUp);
  return server;
}

/** The operator command's side: the reply of the app serving `dataDir`, or null when none runs. */
export function askRunningServer(dataDir: string, request: OperatorRequest): Promise<OperatorReply | null> {
  return new Promise((resolve, reject) => {
    const s = connect(operatorSocketPath(dataDir));
    let output = "";
    let connected = false;
    s.setEncoding("utf8");
    s.once("connect", () => { connected = true; s.write(`${JSON.stringify(request)}\n`); });
    s.on("data", (chunk) => (output += chunk));
    s.once("end", () => {
      try {
        resolve(JSON.parse(output.trim()) as OperatorReply);
      } catch {
        reject(new Error("The running server gave no answer."));
      }
    });
    s.once("error", (err) => (connected ? reject(err) : resolve(null)));
  });
}
