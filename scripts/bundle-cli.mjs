// `npm run cli:bundle` (run by build and dev): bin/switchboard.mjs and dotenv in one file that
// Switchboard serves at /switchboard.cjs, so nobody has to fetch the tool from the npm registry.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

// dotenv's licence (BSD-2-Clause) asks that its notice travel with copies of its code.
const dotenvLicense = readFileSync("node_modules/dotenv/LICENSE", "utf8").trim();

await build({
  entryPoints: ["bin/switchboard.mjs"],
  outfile: "public/switchboard.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  banner: { js: `/*\n * Switchboard's pull tool: node switchboard.cjs pull --help\n *\n * It includes dotenv:\n${dotenvLicense.split("\n").map((l) => ` * ${l}`.trimEnd()).join("\n")}\n */` },
});
