const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Switchboard's API base from --url. An org API key goes over https only, except to this machine:
 * the same rule for every command that sends one.
 */
export function apiBase(url) {
  let base;
  try {
    base = new URL(url);
  } catch {
    throw Object.assign(new Error(`--url ${JSON.stringify(url)} is not a URL; give the address of your Switchboard, e.g. https://switchboard.example.com.`), { exitCode: 2 });
  }
  if (base.protocol !== "https:" && !(base.protocol === "http:" && LOCAL_HOSTS.has(base.hostname))) {
    throw Object.assign(new Error(`refusing to send the API key to ${base.origin}: use https (plain http is allowed only for localhost). Nothing was sent.`), { exitCode: 2 });
  }
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}`;
}
