import { parse } from "dotenv";

/**
 * Writing values that the `dotenv` package reads back exactly. dotenv has no general escape
 * syntax: single quotes and backticks are literal, double quotes turn only \n and \r into line
 * breaks, and an unquoted value ends at # and is trimmed. So each value gets the first quoting
 * that provably round-trips (checked by parsing the line with both of dotenv's parsers), and a
 * value no quoting can hold is refused with the reason instead of being written wrong.
 */

export type Encoded = { ok: true; line: string } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const readsBack = (text: string, expected: Record<string, string>) =>
  [false, true].every((fast) => {
    const out = parse(text, { fast });
    const keys = Object.keys(out);
    return keys.length === Object.keys(expected).length && keys.every((k) => Object.hasOwn(expected, k) && out[k] === expected[k]);
  });

function candidates(value: string): string[] {
  return [
    // Literal: no escapes in dotenv, and no $ expansion in POSIX shells either. Multi-line is fine.
    `'${value}'`,
    // Line breaks as \n and \r escapes: the one form that survives a value holding a quote.
    `"${value.replace(/\r/g, "\\r").replace(/\n/g, "\\n")}"`,
    `\`${value}\``,
    // Last resort, e.g. a one-line value that holds all three kinds of quote.
    value,
  ];
}

export function encodeVariable(name: string, value: string): Encoded {
  if (!NAME.test(name)) return { ok: false, reason: `${name} is not a valid variable name.` };
  for (const quoted of candidates(value)) {
    const line = `${name}=${quoted}`;
    if (readsBack(line, { [name]: value })) return { ok: true, line };
  }
  return { ok: false, reason: refusalReason(value) };
}

function refusalReason(value: string): string {
  const quotes = ["'", '"', "`"].filter((q) => value.includes(q)).length === 3 ? "single, double and back quotes" : "quotes";
  const traits = [
    /[\r\n]/.test(value) && "line breaks",
    value.includes("#") && "a #",
    /\\[nr]/.test(value) && "a backslash before n or r",
    /^\s|\s$/.test(value) && "leading or trailing spaces",
  ].filter(Boolean);
  return `The value holds ${quotes} together with ${traits.join(" and ") || "characters dotenv reads differently"}; no quoting that dotenv reads back exactly can hold it, so it was not written.`;
}

/** A comment line: line breaks would end the comment and start a line dotenv might read. */
export const comment = (text: string) => `# ${text.replace(/[\r\n\u2028\u2029]+/g, " ")}`;

export interface EnvGroup {
  comments: string[];
  variables: { name: string; value: string }[];
}

export interface SerializedEnv {
  text: string;
  written: string[];
  refused: { name: string; reason: string }[];
}

/**
 * The whole file. A name already written keeps its first value and the later one is refused.
 * The finished text is parsed once more and must give exactly the written values, or nothing
 * is returned at all.
 */
export function serializeEnv(header: string[], groups: EnvGroup[]): SerializedEnv {
  const lines = header.map(comment);
  const written: Record<string, string> = {};
  const refused: SerializedEnv["refused"] = [];
  for (const group of groups) {
    lines.push("", ...group.comments.map(comment));
    for (const { name, value } of group.variables) {
      const encoded = Object.hasOwn(written, name) ? { ok: false as const, reason: `${name} is already set by a provider above.` } : encodeVariable(name, value);
      if (encoded.ok) {
        lines.push(encoded.line);
        written[name] = value;
      } else {
        refused.push({ name, reason: encoded.reason });
        lines.push(comment(`${name} was not exported: ${encoded.reason}`));
      }
    }
  }
  const text = `${lines.join("\n")}\n`;
  if (!readsBack(text, written)) throw new Error("The .env text did not read back as written; nothing was exported.");
  return { text, written: Object.keys(written), refused };
}
