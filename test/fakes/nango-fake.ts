import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback stand-in for the parts of Nango's REST API Switchboard uses, reached through the real
 * @nangohq/node SDK with `host` pointed here: POST /connect/sessions(/reconnect), GET and DELETE
 * /connections/{id}?provider_config_key=… (the SDK's paths), with bearer-key checks. It also
 * signs auth webhooks the way Nango does (X-Nango-Hmac-Sha256: HMAC-SHA256 of the raw body).
 */
export interface FakeConnection {
  integration: string;
  accessToken: string;
  expiresAt: string;
  /** When set, GET answers like Nango after a failed refresh (424 with the provider's error). */
  refreshError?: string;
  endUser: { id: string; email: string; organizationId: string };
}

export interface NangoFake {
  url: string;
  secretKey: string;
  sessions: { path: string; body: Record<string, unknown>; token: string }[];
  connections: Map<string, FakeConnection>;
  requests: { method: string; path: string }[];
  /** A connection as Connect UI would leave it, with a fresh access token; returns its id. */
  addConnection(c: Omit<FakeConnection, "accessToken" | "expiresAt">): string;
  /** Body and headers of an auth webhook as Nango sends it, signed with `key` (default: the secret key). */
  authWebhook(body: Record<string, unknown>, key?: string): { raw: string; headers: Record<string, string> };
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });

export async function startNangoFake(secretKey = `nango-secret-${randomUUID()}`): Promise<NangoFake> {
  const fake = { sessions: [], connections: new Map(), requests: [] } as unknown as NangoFake;
  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(body === undefined ? undefined : JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push({ method: req.method ?? "", path: url.pathname + url.search });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, { error: { code: "unknown_account", message: "Authentication failed. The provided secret/API key is invalid." } });
    }
    const body = req.method === "POST" ? (JSON.parse((await read(req)) || "{}") as Record<string, unknown>) : {};
    if (req.method === "POST" && (url.pathname === "/connect/sessions" || url.pathname === "/connect/sessions/reconnect")) {
      if (url.pathname.endsWith("/reconnect") && !fake.connections.has(String(body.connection_id))) {
        return send(res, 400, { error: { code: "invalid_body", message: "Invalid connection_id" } });
      }
      const token = `nango_connect_session_${randomBytes(16).toString("hex")}`;
      fake.sessions.push({ path: url.pathname, body, token });
      return send(res, 201, { data: { token, connect_link: `https://connect.nango.dev?session_token=${token}`, expires_at: new Date(Date.now() + 30 * 60_000).toISOString() } });
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

  Object.assign(fake, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    secretKey,
    addConnection(c: Omit<FakeConnection, "accessToken" | "expiresAt">) {
      const id = randomUUID();
      fake.connections.set(id, { ...c, accessToken: `gho_fake${randomBytes(18).toString("hex")}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      return id;
    },
    authWebhook(body: Record<string, unknown>, key = secretKey) {
      const raw = JSON.stringify({ from: "nango", type: "auth", authMode: "OAUTH2", environment: "dev", ...body });
      return { raw, headers: { "content-type": "application/json", "x-nango-hmac-sha256": createHmac("sha256", key).update(raw).digest("hex") } };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return fake;
}
