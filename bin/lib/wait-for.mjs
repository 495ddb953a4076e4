import { apiBase } from "./endpoint.mjs";

/** Exit codes, so a build script can tell the endings apart. */
export const EXIT = { fulfilled: 0, error: 1, usage: 2, declined: 3, expired: 4, canceled: 5, interrupted: 130 };

const WAIT_SECONDS = 55;
// After this many failed polls in a row (Switchboard down, network gone) the command gives up.
const MAX_FAILURES = 6;

const fail = (message, exitCode = EXIT.error) => Object.assign(new Error(message), { exitCode });

/**
 * `switchboard wait-for <provider> --reason "…"`: files a credential request, prints the link an
 * admin approves it at, and long-polls until it ends. Every ending ends the wait: fulfilled exits
 * 0 (then `switchboard pull` fetches the .env), declined, expired and canceled exit non-zero; so
 * does Switchboard staying unreachable, and the request's own expiry is the overall deadline.
 * Ctrl-C cancels the request before exiting. Prints no secret: the API never sends one here.
 */
export async function waitFor({ provider, reason, org, url, label, env, expiresInMinutes }, io) {
  const key = io.env.SWITCHBOARD_API_KEY;
  if (!key) throw fail("set SWITCHBOARD_API_KEY to an org API key with the request scope (Settings, API keys).", EXIT.usage);
  const base = `${apiBase(url)}/api/v1/requests/${encodeURIComponent(org)}`;
  const call = async (method, path, body, { interruptible = true } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "X-API-Key": key, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      // Not followed: fetch would resend X-API-Key to wherever a redirect points.
      redirect: "manual",
      signal: interruptible && io.signal ? AbortSignal.any([AbortSignal.timeout((WAIT_SECONDS + 20) * 1000), io.signal]) : AbortSignal.timeout((WAIT_SECONDS + 20) * 1000),
    });
    if (res.status >= 300 && res.status < 400) throw fail(`${base} answered with a redirect (HTTP ${res.status}); the API key was not sent on. Pass the final address with --url.`);
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch { /* not our JSON */ }
    return { status: res.status, json };
  };
  const refused = (what, r) => fail(`Switchboard refused ${what}: ${r.json?.error ? `${r.json.error.message} (${r.json.error.code})` : `HTTP ${r.status}`}`,
    r.status === 400 || r.status === 401 || r.status === 403 || r.status === 404 ? EXIT.usage : EXIT.error);

  let created;
  try {
    created = await call("POST", "", {
      provider, reason,
      ...(label || env?.length ? { context: { ...(label ? { label } : {}), ...(env?.length ? { env } : {}) } } : {}),
      ...(expiresInMinutes ? { expires_in_minutes: expiresInMinutes } : {}),
    });
  } catch (err) {
    if (err.exitCode) throw err;
    throw unreachable(base, err);
  }
  if (created.status !== 200 && created.status !== 201) throw refused("the request", created);
  let request = created.json.request;
  io.stderr(`${request.coalesced ? "Still waiting on the earlier request" : "Asked the admins of"} ${org} for ${request.provider_name} credentials (request ${request.id}).`);
  io.stderr(`An admin approves it at: ${request.approval_url}`);
  io.stderr(`Waiting until ${new Date(request.expires_at).toLocaleString()} (Ctrl-C cancels the request)...`);

  const deadline = new Date(request.expires_at).getTime() + 60_000;
  let failures = 0;
  while (request.state === "pending") {
    if (io.signal?.aborted) return interrupted(call, request, io);
    if (Date.now() > deadline) throw fail(`request ${request.id} is still pending past its expiry; Switchboard has not confirmed it ended. Check ${request.approval_url}.`);
    let r;
    try {
      r = await call("GET", `/${request.id}?wait=${WAIT_SECONDS}`);
    } catch (err) {
      if (io.signal?.aborted) return interrupted(call, request, io);
      if (err.exitCode) throw err;
      if (++failures >= MAX_FAILURES) throw unreachable(base, err);
      await io.sleep(Math.min(30_000, 1000 * 2 ** failures));
      continue;
    }
    if (r.status === 429 || r.status >= 500) {
      if (++failures >= MAX_FAILURES) throw refused("the wait", r);
      await io.sleep(Math.min(30_000, 1000 * 2 ** failures));
      continue;
    }
    if (r.status !== 200) throw refused("the wait", r);
    failures = 0;
    request = r.json.request;
  }
  return report(request, org, io);
}

function report(request, org, io) {
  switch (request.state) {
    case "fulfilled":
      io.stdout(`fulfilled: ${request.provider_name} credential "${request.credential_name}"${request.env.length ? ` (${request.env.join(", ")})` : ""}.`);
      io.stderr(`Fetch it with: switchboard pull --org ${org}`);
      return EXIT.fulfilled;
    case "declined":
      throw fail(`an admin declined the request for ${request.provider_name} credentials (request ${request.id}).`, EXIT.declined);
    case "expired":
      throw fail(`the request for ${request.provider_name} credentials expired before anyone added them (request ${request.id}). Ask again, or ask an admin directly.`, EXIT.expired);
    case "canceled":
      throw fail(`the request for ${request.provider_name} credentials was canceled (request ${request.id}).`, EXIT.canceled);
    default:
      throw fail(`Switchboard answered an unknown state "${String(request.state).slice(0, 20)}".`);
  }
}

/** Ctrl-C: withdraw the request, so admins are not asked for something nobody waits for. */
async function interrupted(call, request, io) {
  const r = await call("POST", `/${request.id}/cancel`, undefined, { interruptible: false }).catch(() => null);
  if (r?.status === 200) io.stderr(`canceled request ${request.id}.`);
  else io.stderr(`stopped waiting; request ${request.id} could not be canceled${r?.json?.error ? ` (${r.json.error.message})` : ""}.`);
  return EXIT.interrupted;
}

function unreachable(base, err) {
  const origin = new URL(base).origin;
  const cause = err?.cause?.code ?? err?.cause?.name ?? err?.name ?? "error";
  return fail(`could not reach Switchboard at ${origin} (${cause}). Check that it is running there and that --url (or SWITCHBOARD_URL) is its address.`);
}
