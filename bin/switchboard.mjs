#!/usr/bin/env node
// The `switchboard` command. Plain Node ESM; `npm run build` also bundles it (with dotenv) into
// public/switchboard.cjs, which Switchboard serves so that nobody needs it from the npm registry.
import { parseArgs } from "node:util";
import { pull } from "./lib/pull.mjs";

const USAGE = `Usage: switchboard pull --org <slug> [--url <switchboard url>] [--file .env] [--yes]

Fetches the org's credentials and merges them into the .env file: other variables are kept,
changed values are only overwritten after you agree (or with --yes), the file is written
atomically with mode 0600, and it is added to .gitignore. Values are never printed.

  --org    the org's slug (required)
  --url    Switchboard's address, https unless it is localhost (default: $SWITCHBOARD_URL or http://localhost:3000)
  --file   the file to write (default: .env)
  --yes    overwrite changed values without asking

The API key (with the export scope) is read from SWITCHBOARD_API_KEY.`;

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { org: { type: "string" }, url: { type: "string" }, file: { type: "string" }, yes: { type: "boolean", short: "y" }, help: { type: "boolean", short: "h" } },
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
  if (positionals[0] !== "pull" || positionals.length > 1 || !values.org) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const url = values.url ?? process.env.SWITCHBOARD_URL ?? "http://localhost:3000";
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
