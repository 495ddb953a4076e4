import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveConnectUI } from "./nango-connect-ui";

/**
 * Loopback stand-in for the parts of Nango's REST API Switchboard uses, reached through the real
 * @nangohq/node SDK with `host` pointed here: POST /connect/sessions(/reconnect), GET and DELETE
 * /connections/{id}?provider_config_key=… (the SDK's paths), with bearer-key checks. It also
 * signs auth webhooks the way Nango does (X-Nango-Hmac-Sha256: HMAC-SHA256 of the raw body), and
 * serves a minimal Connect UI (nango-connect-ui.ts) that the real @nangohq/frontend can open.
 */
export interface FakeConnection {
  integration: string;
  accessToken: string;
  expiresAt: string;
  /** When set, GET answers like Nango after a failed refresh (424 with the provider's error). */
  refreshError?: string;
  endUser: { id: string; email: string; organizationId: string };
  /** The tags of the session that created it; Nango repeats them in every auth webhook. */
  tags?: Record<string, string>;
}

export interface FakeSession {
  path: string;
  body: Record<string, unknown>;
  token: string;
  expiresAt: string;
}

export interface NangoFakeOptions {
  secretKey?: string;
  /** The environment's webhook signing key; unset, webhooks are signed with the secret key (older environments). */
  webhookSigningKey?: string;
  /** Every access token the fake issues starts with this, so a test can look for it as a canary. */
  accessTokenPrefix?: string;
}

export interface NangoFake {
  url: string;
  secretKey: string;
  /** Where Connect UI is served: the value for NANGO_PUBLIC_CONNECT_URL. */
  connectUiUrl: string;
  /** Where auth webhooks go, as set in Nango's environment settings; unset, none are sent. */
  webhookUrl: string | null;
  /** Lifetime of new connect sessions (Nango's is 30 minutes). */
  sessionTtlMs: number;
  sessions: FakeSession[];
  connections: Map<string, FakeConnection>;
  requests: { method: string; path: string }[];
  /** Every auth webhook sent to webhookUrl, with the status the app answered. */
  deliveries: { operation: string; success: boolean; connectionId: string; status: number }[];
  /** A connection as Connect UI would leave it, with a fresh access token; returns its id. */
  addConnection(c: Omit<FakeConnection, "accessToken" | "expiresAt">): string;
  /** Gives a connection a fresh access token and clears a refresh failure, as a reconnect does. */
  renewConnection(connectionId: string): void;
  /** Body and headers of an auth webhook as Nango sends it, signed with `key` (default: the signing key). */
  authWebhook(body: Record<string, unknown>, key?: string): { raw: string; headers: Record<string, string> };
  /** Signs and POSTs an auth webhook about this connection to webhookUrl; returns the app's status. */
  sendAuthWebhook(connectionId: string, event: { operation: string; success: boolean; error?: { type: string; description: string } }): Promise<number>;
  /** The provider refuses the next refresh: GET answers 424, and the refresh-failure webhook is sent. */
  failRefresh(connectionId: string, description: string): Promise<number>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });

const send = (res: ServerResponse, status: number, body?: unknown) => {
  res.writeHead(status, { "content-type": "application/json" }).end(body === undefined ? undefined : JSON.stringify(body));
};

export async function startNangoFake(options: NangoFakeOptions = {}): Promise<NangoFake> {
  const secretKey = options.secretKey ?? `nango-secret-${randomUUID()}`;
  const signingKey = options.webhookSigningKey ?? secretKey;
  const tokenPrefix = options.accessTokenPrefix ?? "gho_fake";
  const fake = { sessions: [], connections: new Map(), requests: [], deliveries: [], webhookUrl: null, sessionTtlMs: 30 * 60_000 } as unknown as NangoFake;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push({ method: req.method ?? "", path: url.pathname + url.search });
    // Connect UI and the calls it makes authenticate with a session token, not the secret key.
    if (await serveConnectUI(fake, req, res, url)) return;
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, { error: { code: "unknown_account", message: "Authentication failed. The provided secret/API key is invalid." } });
    }
    const body = req.method === "POST" ? (JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>) : {};
    if (req.method === "POST" && (url.pathname === "/connect/sessions" || url.pathname === "/connect/sessions/reconnect")) {
      if (url.pathname.endsWith("/reconnect") && !fake.connections.has(String(body.connection_id))) {
        return send(res, 400, { error: { code: "invalid_body", message: "Invalid connection_id" } });
      }
      const token = `nango_connect_session_${randomBytes(16).toString("hex")}`;
      const expiresAt = new Date(Date.now() + fake.sessionTtlMs).toISOString();
      fake.sessions.push({ path: url.pathname, body, token, expiresAt });
      return send(res, 201, { data: { token, connect_link: `https://connect.nango.dev?session_token=${token}`, expires_at: expiresAt } });
    }
    const m = /^\/connections?\/([^/]+)$/.exec(url.pathname);
    const connection = m ? fake.connections.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !connection || connection.integration !== url.searchParams.get("provider_config_key")) {
      return send(res, 404, { error: { code: "not_found", message: "No connection found." } });
    }
    if (req.method === "DELETE") {
      fake.connections.delete(decodeURIComponent(m[1]));
      return send(res, 204);
    }
    if (connection.refreshError) {
      return send(res, 424, { error: { code: "refresh_token_external_error", message: connection.refreshError } });
    }
    return send(res, 200, {
      id: 1, connection_id: m[1], provider_config_key: connection.integration, provider: connection.integration,
      errors: [], end_user: { id: connection.endUser.id, email: connection.endUser.email, display_name: null, tags: null, organization: { id: connection.endUser.organizationId, display_name: null } },
      metadata: null, connection_config: {}, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), last_fetched_at: null, tags: {},
      credentials: { type: "OAUTH2", access_token: connection.accessToken, expires_at: connection.expiresAt, raw: { access_token: connection.accessToken } },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const freshToken = () => ({ accessToken: `${tokenPrefix}${randomBytes(8).toString("hex")}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });

  Object.assign(fake, {
    url,
    secretKey,
    connectUiUrl: `${url}/connect-ui`,
    addConnection(c: Omit<FakeConnection, "accessToken" | "expiresAt">) {
      const id = randomUUID();
      fake.connections.set(id, { ...c, ...freshToken() });
      return id;
    },
    renewConnection(connectionId: string) {
      const c = fake.connections.get(connectionId);
      if (c) fake.connections.set(connectionId, { ...c, ...freshToken(), refreshError: undefined });
    },
    authWebhook(body: Record<string, unknown>, key = signingKey) {
      const raw = JSON.stringify({ from: "nango", type: "auth", authMode: "OAUTH2", environment: "dev", ...body });
      return { raw, headers: { "content-type": "application/json", "x-nango-hmac-sha256": createHmac("sha256", key).update(raw).digest("hex") } };
    },
    async sendAuthWebhook(connectionId: string, event: { operation: string; success: boolean; error?: { type: string; description: string } }) {
      const c = fake.connections.get(connectionId);
      if (!c || !fake.webhookUrl) throw new Error(`nango fake: no ${c ? "webhook URL" : `connection ${connectionId}`}`);
      const { raw, headers } = fake.authWebhook({
        connectionId, providerConfigKey: c.integration, provider: c.integration, ...event,
        endUser: { endUserId: c.endUser.id, organizationId: c.endUser.organizationId, tags: {} }, tags: c.tags ?? {},
      });
      const res = await fetch(fake.webhookUrl, { method: "POST", headers, body: raw });
      fake.deliveries.push({ operation: event.operation, success: event.success, connectionId, status: res.status });
      return res.status;
    },
    async failRefresh(connectionId: string, description: string) {
      const c = fake.connections.get(connectionId);
      if (!c) throw new Error(`nango fake: no connection ${connectionId}`);
      c.refreshError = description;
      return fake.sendAuthWebhook(connectionId, { operation: "refresh", success: false, error: { type: "refresh_token_external_error", description } });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return fake;
}
