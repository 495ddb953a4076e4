#!/usr/bin/env node
// The `switchboard` command. Plain Node ESM; `npm run build` also bundles it (with dotenv) into
// public/switchboard.cjs, which Switchboard serves so that nobody needs it from the npm registry.
import { parseArgs } from "node:util";
import { pull } from "./lib/pull.mjs";
import { EXIT, waitFor } from "./lib/wait-for.mjs";

const USAGE = `Usage: switchboard pull --org <slug> [--url <switchboard url>] [--file .env] [--yes]
       switchboard wait-for <provider> --reason "<why>" --org <slug> [--url <switchboard url>]
                            [--label <build or project>] [--env NAME,NAME] [--expires <minutes>]

Fetches the org's credentials and merges them into the .env file: other variables are kept,
changed values are only overwritten after you agree (or with --yes), the file is written
atomically with mode 0600, and it is added to .gitignore. Values are never printed.

  --org    the org's slug (required)
  --url    Switchboard's address, https unless it is localhost (default: $SWITCHBOARD_URL or http://localhost:3000)
  --file   the file to write (default: .env)
  --yes    overwrite changed values without asking

wait-for asks the org's admins for a provider's credentials, prints the link to approve it at,
and waits. Exit status: 0 fulfilled (then run pull), 3 declined, 4 expired, 5 canceled,
1 Switchboard unreachable or another error, 2 bad usage; Ctrl-C cancels the request (130).

  --reason   one line shown to the approver (required)
  --label    a build or project label shown with it
  --env      the env variable names wanted, comma-separated
  --expires  minutes until the request expires (default 30, at most 10080)

The API key is read from SWITCHBOARD_API_KEY: the export scope for pull, the request scope for wait-for.`;

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        org: { type: "string" }, url: { type: "string" }, file: { type: "string" }, yes: { type: "boolean", short: "y" }, help: { type: "boolean", short: "h" },
        reason: { type: "string" }, label: { type: "string" }, env: { type: "string" }, expires: { type: "string" },
      },
    });
  } catch (err) {
    process.stderr.write(`switchboard: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const url = values.url ?? process.env.SWITCHBOARD_URL ?? "http://localhost:3000";
  if (positionals[0] === "wait-for" && positionals.length === 2 && values.org && values.reason) {
    const expires = values.expires === undefined ? undefined : Number(values.expires);
    if (expires !== undefined && !(Number.isInteger(expires) && expires >= 1 && expires <= 10080)) {
      process.stderr.write("switchboard: --expires takes a whole number of minutes, 1 to 10080.\n");
      return EXIT.usage;
    }
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    return waitFor({
      provider: positionals[1], reason: values.reason, org: values.org, url, label: values.label,
      env: values.env?.split(",").map((n) => n.trim()).filter(Boolean), expiresInMinutes: expires,
    }, {
      env: process.env, signal: stop.signal,
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
  }
  if (positionals[0] !== "pull" || positionals.length > 1 || !values.org) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  await pull({ org: values.org, url, file: values.file ?? ".env", yes: Boolean(values.yes) });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // Messages name variables and endpoints only; no value reaches them.
    process.stderr.write(`switchboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err?.exitCode ?? 1;
  },
);
