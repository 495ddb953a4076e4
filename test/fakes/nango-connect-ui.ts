import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeSession, NangoFake } from "./nango-fake";

/*
 * A minimal Nango Connect UI, speaking the protocol of @nangohq/frontend's ConnectUI (dist/connectUI.js):
 * the SDK loads this page in an iframe at `<baseURL>/?apiURL=…&detectClosedAuthWindow=…`; the page
 * posts {type:"ready"} to its parent; the SDK answers with {type:"session_token", sessionToken};
 * the page reads the session from GET <apiURL>/connect/session with that token as bearer (as Nango's
 * Connect UI does); and it reports {type:"connect", payload:{providerConfigKey, connectionId}} or
 * {type:"close"} back to the parent. The SDK only accepts messages from baseURL's origin.
 *
 * Real Nango runs the provider's OAuth dance in a popup before creating the connection; here
 * "Connect" goes straight to POST /oauth/connect/<integration>, where the fake creates (or, for a
 * reconnect session, renews) the connection and sends the signed auth webhook, then answers.
 * The session token never appears in a URL: it travels by postMessage and the Authorization header.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nango Connect</title>
<style>
  body { margin: 0; height: 100vh; display: grid; place-items: center; background: rgba(0,0,0,.65); font: 16px system-ui, sans-serif; }
  main { background: #fff; color: #111; border-radius: 12px; padding: 24px; min-width: 320px; }
  button { font: inherit; padding: 8px 16px; margin-right: 8px; }
</style></head>
<body><main role="dialog" aria-labelledby="title">
  <h1 id="title">Nango Connect</h1>
  <p id="integration">Waiting for the session…</p>
  <p id="status" role="status"></p>
  <button id="connect" disabled>Connect</button><button id="close">Close</button>
</main>
<script>
  const apiURL = new URLSearchParams(location.search).get("apiURL");
  const $ = (id) => document.getElementById(id);
  const post = (event) => parent.postMessage(event, "*");
  let token = null;
  let integration = null;
  const call = async (method, path) => {
    const res = await fetch(apiURL + path, { method, headers: { authorization: "Bearer " + token } });
    return { ok: res.ok, body: await res.json() };
  };
  window.addEventListener("message", async (event) => {
    if (event.source !== parent || !event.data || event.data.type !== "session_token") return;
    token = event.data.sessionToken;
    const res = await call("GET", "/connect/session");
    if (!res.ok) return void ($("integration").textContent = "This session is not valid: " + res.body.error.message);
    integration = res.body.data.allowed_integrations[0];
    $("integration").textContent = (res.body.data.connection_id ? "Reconnect " : "Connect ") + integration + " for " + res.body.data.end_user.email;
    $("connect").disabled = false;
  });
  $("connect").addEventListener("click", async () => {
    $("connect").disabled = true;
    const res = await call("POST", "/oauth/connect/" + encodeURIComponent(integration));
    if (!res.ok) {
      $("status").textContent = res.body.error.message;
      return post({ type: "error", payload: { errorType: "unknown_error", errorMessage: res.body.error.message } });
    }
    $("status").textContent = "Connected. You can close this window.";
    post({ type: "connect", payload: res.body.data });
  });
  $("close").addEventListener("click", () => post({ type: "close" }));
  if (apiURL) post({ type: "ready" });
  else $("integration").textContent = "apiURL is missing from this page's address.";
</script></body></html>`;

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

/** The session a Connect UI request's bearer token belongs to, if the fake issued it and it has not expired. */
function sessionOf(fake: NangoFake, req: IncomingMessage): FakeSession | null {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  const session = fake.sessions.find((s) => s.token === token);
  return session && Date.parse(session.expiresAt) > Date.now() ? session : null;
}

const integrationsOf = (s: FakeSession) =>
  s.path.endsWith("/reconnect") ? [String(s.body.integration_id)] : ((s.body.allowed_integrations as string[] | undefined) ?? []);

/** Handles the Connect UI page and its two API calls; false for any other request. */
export async function serveConnectUI(fake: NangoFake, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (req.method === "GET" && url.pathname === "/connect-ui/") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    return true;
  }
  const connect = /^\/oauth\/connect\/([^/]+)$/.exec(url.pathname);
  const isSession = req.method === "GET" && url.pathname === "/connect/session";
  if (!isSession && !(req.method === "POST" && connect)) return false;

  const session = sessionOf(fake, req);
  if (!session) {
    sendJson(res, 401, { error: { code: "invalid_connect_session_token", message: "The connect session token is unknown or expired." } });
    return true;
  }
  const endUser = session.body.end_user as { id: string; email: string };
  const reconnecting = session.path.endsWith("/reconnect") ? String(session.body.connection_id) : undefined;
  if (isSession) {
    sendJson(res, 200, { data: { allowed_integrations: integrationsOf(session), end_user: endUser, organization: session.body.organization, connection_id: reconnecting } });
    return true;
  }
  const integration = decodeURIComponent(connect![1]);
  if (!integrationsOf(session).includes(integration)) {
    sendJson(res, 400, { error: { code: "integration_not_allowed", message: `This session does not allow ${integration}.` } });
    return true;
  }
  let connectionId = reconnecting;
  if (connectionId) {
    fake.renewConnection(connectionId);
  } else {
    const organization = session.body.organization as { id: string };
    connectionId = fake.addConnection({
      integration, endUser: { id: endUser.id, email: endUser.email, organizationId: organization.id }, tags: session.body.tags as Record<string, string>,
    });
  }
  // As Nango does once the provider has answered: the webhook goes out, then Connect UI hears of the success.
  if (fake.webhookUrl) await fake.sendAuthWebhook(connectionId, { operation: reconnecting ? "override" : "creation", success: true });
  sendJson(res, 200, { data: { providerConfigKey: integration, connectionId } });
  return true;
}
