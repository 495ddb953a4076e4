import dotenv from "dotenv";

/**
 * Merging the org's variables into an existing .env. Switchboard's variables live in one marked
 * block that each pull replaces; any other definition of the same names is removed, and every
 * other line of the file stays as it was. The result is parsed with dotenv before it is used:
 * it must give exactly the other variables unchanged plus the pulled ones, or nothing is written.
 */
export const BEGIN = "# >>> switchboard";
export const END = "# <<< switchboard";

// dotenv's own line grammar (its LINE expression), so definitions are found exactly where dotenv finds them.
const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg;

/** The file without Switchboard's block, and the block's own lines (empty when there is none). */
function splitBlock(text) {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(BEGIN));
  const end = lines.findIndex((l, i) => i > start && l.startsWith(END));
  if (start === -1 || end === -1) return { outside: text, block: "" };
  return { outside: [...lines.slice(0, start), ...lines.slice(end + 1)].join("\n"), block: lines.slice(start + 1, end).join("\n") };
}

/** Each definition of one of `names`, as [start, end) offsets of its whole line(s), where dotenv finds it. */
function definitions(text, names) {
  const found = [];
  LINE.lastIndex = 0;
  for (let m = LINE.exec(text); m; m = LINE.exec(text)) {
    if (!names.has(m[1])) continue;
    // The match may open with blank lines (its leading \s*): start from the defining line only.
    const start = text.lastIndexOf("\n", m.index + m[0].search(/\S/)) + 1;
    found.push([start, m.index + m[0].length]);
  }
  return found;
}

function removeDefinitions(text, names) {
  let out = "";
  let last = 0;
  for (const [start, end] of definitions(text, names)) {
    out += text.slice(last, start);
    last = text[end] === "\n" ? end + 1 : end;
  }
  return out + text.slice(last);
}

const sameVariables = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => Object.hasOwn(b, k) && a[k] === b[k]);

/**
 * The merged text and what it changes, by variable name only. Throws if it cannot merge exactly.
 * `omitted` are names Switchboard left out this time because it could not export their credential
 * (X-Switchboard-Omitted): their values from the last pull are carried over, not removed.
 */
export function mergeEnv(existingText, pulledText, marker, omitted = []) {
  const existing = existingText.replace(/\r\n?/g, "\n");
  const before = dotenv.parse(existing);
  const pulled = dotenv.parse(pulledText);
  const { outside, block: oldBlock } = splitBlock(existing);
  const others = dotenv.parse(outside);
  for (const name of Object.keys(pulled)) delete others[name];
  const carry = new Set(omitted.filter((n) => !Object.hasOwn(pulled, n) && !Object.hasOwn(others, n)));
  const carried = definitions(oldBlock, carry).map(([start, end]) => oldBlock.slice(start, end));
  const expected = { ...others, ...dotenv.parse(carried.join("\n")), ...pulled };

  const kept = removeDefinitions(outside, new Set(Object.keys(pulled))).trimEnd();
  const carriedText = carried.length ? `\n# Kept from the last pull: Switchboard could not export these this time.\n${carried.join("\n")}` : "";
  const block = `${BEGIN} ${marker}\n${pulledText.trim()}${carriedText}\n${END}\n`;
  const text = kept ? `${kept}\n\n${block}` : block;
  if (!sameVariables(dotenv.parse(text), expected)) {
    throw new Error("could not merge into the existing file exactly (an unusual line confuses dotenv); nothing was written. Move Switchboard's variables out of it by hand and pull again.");
  }
  const names = Object.keys(pulled);
  return {
    text,
    added: names.filter((n) => !Object.hasOwn(before, n)),
    changed: names.filter((n) => Object.hasOwn(before, n) && before[n] !== pulled[n]),
    unchanged: names.filter((n) => before[n] === pulled[n]),
    removed: Object.keys(before).filter((n) => !Object.hasOwn(expected, n)),
    kept: Object.keys(others),
    carried: Object.keys(dotenv.parse(carried.join("\n"))),
  };
}
