import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { writeFileAtomic } from "./atomic-write.mjs";
import { apiBase } from "./endpoint.mjs";
import { mergeEnv } from "./merge-env.mjs";

/** Everything the command touches from outside, so tests can run it in-process or as a child. */
export const defaultIo = {
  env: process.env,
  stderr: (line) => process.stderr.write(`${line}\n`),
  interactive: () => Boolean(process.stdin.isTTY && process.stderr.isTTY),
  ask: async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  },
};

const readIfExists = (file) => readFile(file, "utf8").catch((err) => (err.code === "ENOENT" ? null : Promise.reject(err)));

/** The export key opens every secret of the org: it goes over https only, except to this machine. */
const endpointFor = (url, org) => `${apiBase(url)}/api/v1/env/${encodeURIComponent(org)}`;

async function fetchEnv(url, org, key) {
  const endpoint = endpointFor(url, org);
  // Not followed: fetch would resend X-API-Key to wherever a redirect points.
  const res = await fetch(endpoint, { headers: { "X-API-Key": key, Accept: "text/plain" }, redirect: "manual", signal: AbortSignal.timeout(30_000) })
    .catch((err) => { throw unreachable(endpoint, err); });
  if (res.status >= 300 && res.status < 400) {
    throw new Error(`${endpoint} answered with a redirect (HTTP ${res.status}); the API key was not sent on. Pass the final address with --url.`);
  }
  const text = await res.text().catch((err) => { throw unreachable(endpoint, err); });
  if (res.ok) return { text, refused: res.headers.get("x-switchboard-refused"), omitted: res.headers.get("x-switchboard-omitted") };
  let reason = `HTTP ${res.status}`;
  try {
    const { error } = JSON.parse(text);
    reason = `${error.message} (${error.code})`;
  } catch { /* not our JSON: keep the status */ }
  throw new Error(`${endpoint} refused the pull: ${reason}`);
}

/** fetch says only "fetch failed": name the address, the cause, and what to check. */
function unreachable(endpoint, err) {
  const origin = new URL(endpoint).origin;
  const cause = err?.cause?.code ?? err?.cause?.name ?? err?.name;
  const why = {
    ECONNREFUSED: "nothing is listening there",
    ENOTFOUND: "that host name does not resolve",
    EAI_AGAIN: "that host name could not be looked up",
    ETIMEDOUT: "the connection timed out",
    ECONNRESET: "the connection was cut",
    TimeoutError: "it did not answer within 30 s",
  }[cause] ?? (cause ? `${cause}` : "the request failed");
  return new Error(`could not reach Switchboard at ${origin} (${why}). Check that Switchboard is running there and that --url (or SWITCHBOARD_URL) is its address, e.g. http://localhost:3000 for npm run dev. Nothing was written.`);
}

/**
 * `switchboard pull`: fetch the org's .env, merge it into the local file, ask before changing a
 * value, write atomically with mode 0600, keep the file out of git. Prints names, never values.
 */
export async function pull({ org, url, file, yes }, io = defaultIo) {
  const key = io.env.SWITCHBOARD_API_KEY;
  if (!key) throw Object.assign(new Error("set SWITCHBOARD_API_KEY to an org API key with the export scope (Settings, API keys)."), { exitCode: 2 });
  const { text: pulled, refused, omitted } = await fetchEnv(url, org, key);
  if (refused) io.stderr(`warning: Switchboard left out ${refused}: a value it could not write safely (see the comment in the file).`);
  const omittedNames = omitted ? omitted.split(",").map((n) => n.trim()).filter(Boolean) : [];
  if (omittedNames.length) {
    io.stderr(`warning: Switchboard could not export the credential behind ${omittedNames.join(", ")} this time (see the comment in the file), so it left them out; any value of them already in ${path.basename(file)} is kept.`);
  }

  const existing = (await readIfExists(file)) ?? "";
  const plan = mergeEnv(existing, pulled, `pull --org ${org} (this block is replaced on every pull)`, omittedNames);
  const risky = [...plan.changed.map((n) => `${n} (changed)`), ...plan.removed.map((n) => `${n} (no longer in Switchboard)`)];
  if (risky.length) {
    io.stderr(`warning: this pull overwrites local values of: ${risky.join(", ")}`);
    if (!yes) {
      if (!io.interactive()) throw new Error("refusing to overwrite changed values without a terminal to ask; re-run with --yes to accept. Nothing was written.");
      if (!(await io.ask("Overwrite them? [y/N] "))) throw new Error("nothing was written.");
    }
  }
  if (plan.text !== existing) await writeFileAtomic(file, plan.text, { mode: 0o600 });
  else if ((await stat(file)).mode & 0o077) await writeFileAtomic(file, plan.text, { mode: 0o600 });
  const ignored = await ensureGitignored(file);

  io.stderr(`${path.basename(file)}: ${plan.added.length} added, ${plan.changed.length} updated, ${plan.unchanged.length} unchanged, ${plan.removed.length} removed; ${plan.kept.length} other variables kept.`);
  if (ignored) io.stderr(`added ${path.basename(file)} to .gitignore.`);
  return plan;
}

/** Adds the file's name to .gitignore beside it unless a pattern there already ignores it. */
export async function ensureGitignored(file) {
  const name = path.basename(file);
  const gitignore = path.join(path.dirname(path.resolve(file)), ".gitignore");
  const text = (await readIfExists(gitignore)) ?? "";
  if (ignores(text, name)) return false;
  await writeFile(gitignore, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${name}\n`);
  return true;
}

/** Whether .gitignore's name patterns (later lines win, ! negates) ignore this file name. */
export function ignores(text, name) {
  let ignored = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, "");
    if (pattern.includes("/")) continue;
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    if (regex.test(name)) ignored = !negated;
  }
  return ignored;
}
