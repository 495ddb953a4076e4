// Where to send someone after they sign in: only a path on this site. Pure (no server-only), so the
// proxy, pages and actions share it.

// Any http origin gives the same answer for a relative reference; the placeholder keeps this free of env.
const BASE = "http://switchboard.invalid";
const MAX_LENGTH = 2048;
// Printable ASCII only, no backslash: browsers treat "\" as "/", and control characters (tab,
// newline) are silently dropped by the URL parser, so "/\t/evil.example" would become "//evil.example".
const PRINTABLE = /^[\x21-\x5b\x5d-\x7e]*$/;
// "." or ".." as a whole segment, with or without a trailing slash.
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;

/** Every form `raw` takes as it is percent-decoded again and again; null when a decoding is malformed. */
function decodings(raw: string): string[] | null {
  const forms = [raw];
  for (let i = 0; i < 4; i++) {
    let next: string;
    try {
      next = decodeURIComponent(forms[forms.length - 1]);
    } catch {
      return null;
    }
    if (next === forms[forms.length - 1]) return forms;
    forms.push(next);
  }
  return null; // encoded more than four times over: nobody does that for a real link
}

/**
 * `raw` when it is a path on this site that the browser will take as it is written: starts with a
 * single "/", has no dot segments, no "//", no backslash and no control character, also once
 * percent-decoded (a router or a proxy on the way may decode it), and resolves to this origin
 * with nothing changed. Anything else gives `fallback`.
 */
export function safeReturnPath(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) return fallback;
  if (!PRINTABLE.test(raw) || !raw.startsWith("/")) return fallback;
  const path = raw.split(/[?#]/, 1)[0];
  const forms = decodings(path);
  if (!forms) return fallback;
  for (const form of forms) {
    if (!PRINTABLE.test(form) || !form.startsWith("/") || form.includes("//") || DOT_SEGMENT.test(form)) return fallback;
  }
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const resolved = url.pathname + url.search + url.hash;
  // The parser changed nothing (no normalising, no re-encoding): what we checked is what is followed.
  return resolved === raw ? resolved : fallback;
}
