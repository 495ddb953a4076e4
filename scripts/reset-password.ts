// Gives a local account a one-time code to choose a new password at /new-password, for whoever
// holds this machine's data directory (the embedded default sends no email):
//   npm run user:reset-password -- ada@example.com
// Works while the app runs (it asks the running server over the Unix socket in DATA_DIR, since
// PGlite allows one process) and while it is stopped (it opens the database itself).
import path from "node:path";
import { parseArgs } from "node:util";
import { askRunningServer, handleOperatorRequest, runningServerPid, type OperatorReply } from "@/lib/auth/operator-channel";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import { parseEnv } from "@/lib/env-schema";

async function reply(email: string): Promise<OperatorReply> {
  const env = parseEnv(process.env);
  if (env.NEXT_PUBLIC_SUPABASE_URL) return { ok: false, error: "Supabase Auth is on: people reset their password from the sign-in page, by email." };
  const request = { op: "reset-password" as const, email };
  if (!env.DATABASE_URL) {
    const answer = await askRunningServer(env.DATA_DIR, request);
    if (answer) return answer;
    const pid = await runningServerPid(env.DATA_DIR);
    if (pid) {
      return { ok: false, error: `A Switchboard server (pid ${pid}) holds ${path.resolve(env.DATA_DIR)} but does not answer on its socket. Stop it, then run this again (if no such server runs, delete server.pid there).` };
    }
  }
  // No server holds the embedded database (or it is PostgreSQL, which takes many clients).
  const db = env.DATABASE_URL ? openPostgres(env.DATABASE_URL, 1) : await openPglite(path.join(path.resolve(env.DATA_DIR), "pglite"));
  try {
    await migrate(db);
    return await handleOperatorRequest(db, request);
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} }); // throws on any option
  if (positionals.length !== 1 || !positionals[0].includes("@")) throw new Error("Name one account by its email address.");
  const result = await reply(positionals[0]);
  if (!result.ok) {
    console.error(result.error);
    return 1;
  }
  console.log(`Reset code for ${result.email} (works once, for ${result.minutes} minutes; an older code stops working):`);
  console.log("");
  console.log(`  ${result.code}`);
  console.log("");
  console.log("Open /new-password on this Switchboard, enter the code and a new password. Every session of that account ends.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    console.error("Usage: npm run user:reset-password -- <email>");
    process.exit(1);
  },
);
