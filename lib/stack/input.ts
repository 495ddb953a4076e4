/**
 * Splits what a person pasted into what each signal reads: the prose, the npm packages and the
 * env variable names. A whole package.json is read as JSON; anything else is scanned, so a
 * description with a dependencies excerpt or a few .env lines in it is read for all three.
 */
export interface ReadInput {
  kind: "package.json" | ".env" | "text";
  prose: string;
  packages: string[];
  envNames: string[];
}

const DEP_KEYS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;
const ENV_LINE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=.*$/gm;
const ENV_TOKEN = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
// "name": "^1.2.3" (or a tag, workspace or git spec) inside a pasted excerpt of dependencies.
const DEP_ENTRY = /"(@[a-z0-9][\w.-]*\/[\w.-]+|[a-z0-9][\w.-]*)"\s*:\s*"(?:[~^<>=]*\s*\d|latest|next|workspace:|npm:|github:|git\+|\*)/g;
const INSTALL = /\b(?:npm\s+(?:i|install|add)|yarn\s+add|pnpm\s+(?:add|i|install)|bun\s+(?:add|i|install))((?:\s+(?:-{1,2}[\w-]+|@?[a-z0-9][\w./-]*(?:@[\w.^~-]+)?))+)/g;
const SCOPED = /(?<![\w@/.-])@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*/g;

function packageJson(text: string): ReadInput | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return null;
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return null;
  const record = json as Record<string, unknown>;
  const packages = DEP_KEYS.flatMap((k) => {
    const deps = record[k];
    return deps && typeof deps === "object" && !Array.isArray(deps) ? Object.keys(deps) : [];
  });
  const prose = [record.description, ...(Array.isArray(record.keywords) ? record.keywords : [])].filter((v): v is string => typeof v === "string").join(". ");
  return { kind: "package.json", prose, packages, envNames: [] };
}

const stripVersion = (spec: string) => (spec.startsWith("@") ? `@${spec.slice(1).split("@")[0]}` : spec.split("@")[0]);

export function readInput(text: string): ReadInput {
  const pkg = packageJson(text);
  if (pkg) return pkg;

  const envNames: string[] = [];
  let envLines = 0;
  for (const m of text.matchAll(ENV_LINE)) {
    envLines++;
    envNames.push(m[1].toUpperCase());
  }
  const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  // Values of env lines are not prose ("sk_test_…", URLs); comments are.
  const prose = text.replace(ENV_LINE, "").replace(/^[ \t]*#/gm, "");
  for (const m of prose.matchAll(ENV_TOKEN)) envNames.push(m[0]);

  const packages: string[] = [];
  for (const m of text.matchAll(DEP_ENTRY)) packages.push(m[1]);
  for (const m of text.matchAll(INSTALL)) {
    for (const spec of m[1].trim().split(/\s+/)) if (!spec.startsWith("-")) packages.push(stripVersion(spec));
  }
  for (const m of prose.matchAll(SCOPED)) packages.push(m[0]);

  const kind = lines.length > 0 && envLines === lines.length ? ".env" : "text";
  return { kind, prose, packages: [...new Set(packages)], envNames: [...new Set(envNames)] };
}

// A run of 24 or more key-like characters with a digit in it: no word of prose looks like that,
// most API keys, tokens and connection strings do.
const KEY_LIKE = /[A-Za-z0-9_+/=.-]*\d[A-Za-z0-9_+/=.-]*/g;

/**
 * What the model pass may read: the prose, the package names and the env variable names, never a
 * value. A pasted .env can hold live keys, and the model provider is a third party; values of env
 * lines are dropped and anything in the prose that looks like a key is replaced.
 */
export function modelInput(text: string): string {
  const input = readInput(text);
  const prose = input.prose.replace(KEY_LIKE, (token) => (token.length >= 24 ? "[value removed]" : token)).trim();
  return [
    prose,
    input.packages.length > 0 ? `Packages: ${input.packages.join(", ")}` : "",
    input.envNames.length > 0 ? `Environment variable names: ${input.envNames.join(", ")}` : "",
  ].filter(Boolean).join("\n\n");
}
