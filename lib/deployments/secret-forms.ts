import "server-only";

/**
 * The ways a build prints a secret without printing it verbatim: percent-encoded into a URL or a
 * form body, base64 (an Authorization: Basic header, a Kubernetes secret, a data: URL), and
 * JSON-escaped (a config dumped as JSON). Each form is a string the masker hides like the value.
 */
export function encodedForms(value: string): string[] {
  const forms = new Set<string>();
  for (const url of urlForms(value)) forms.add(url);
  for (const b64 of base64Forms(value)) {
    forms.add(b64);
    // Base64 put into a query string: its + / = percent-encoded in turn.
    forms.add(encodeURIComponent(b64));
  }
  for (const json of jsonForms(value)) forms.add(json);
  forms.delete(value);
  return [...forms];
}

function urlForms(value: string): string[] {
  const component = encodeURIComponent(value);
  // RFC 3986 strict encoders also escape !'()*; some print lowercase hex; forms write a space as +.
  const strict = component.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const lower = (s: string) => s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
  return [component, strict, lower(component), lower(strict), component.replace(/%20/g, "+"), encodeURI(value)];
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, "-").replace(/\//g, "_");

/**
 * Base64 of the value standing alone (padded and not), and the characters that encode only the
 * value's bytes when it sits inside a longer encoded text ("user:token" in a Basic header) at
 * any of the three byte offsets: the few characters at either edge mix in the neighbours' bits,
 * so they are left out, and what remains appears in the encoding whatever surrounds the value.
 * Each in the standard and the url-safe alphabet.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const whole = bytes.toString("base64");
  const out = [whole, whole.replace(/=+$/, "")];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    if (last > first) out.push(encoded.slice(first, last));
  }
  return [...out, ...out.map(toUrlSafe)];
}

/** The value inside a JSON string: escaped as JSON.stringify does, with / escaped too, and with every non-ASCII character as \\u. */
function jsonForms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  const ascii = escaped.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  // Escaped twice: a JSON document carried as a string inside another one.
  const twice = JSON.stringify(escaped).slice(1, -1);
  return [escaped, escaped.replace(/\//g, "\\/"), ascii, twice];
}
