import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

/**
 * A loopback Supabase Auth (GoTrue) for the endpoints @supabase/ssr calls: sign-up, password and
 * refresh-token grants, sign-out, the user, and the JWKS that getClaims() verifies access tokens
 * with (ES256, as on projects with asymmetric signing keys). Users and sessions live in memory.
 * With `confirmEmail`, sign-up returns a user and no session until `confirm(email)`, as when
 * "Confirm email" is on (Supabase's default).
 */
export interface SupabaseAuthFake {
  url: string;
  publishableKey: string;
  /** Stands in for the person clicking the link in Supabase's confirmation email. */
  confirm(email: string): void;
  /** Refresh-token grants answered so far. */
  refreshes: number;
  /** Every access and refresh token issued: none may show up in a page, a payload or a log. */
  issued: string[];
  close(): Promise<void>;
}

interface User { id: string; email: string; password: string; confirmedAt: string | null; createdAt: string }

export async function startSupabaseAuthFake(opts: { confirmEmail?: boolean; accessTokenSeconds?: number } = {}): Promise<SupabaseAuthFake> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const publishableKey = `sb_publishable_${randomBytes(16).toString("base64url")}`;
  const ttl = opts.accessTokenSeconds ?? 3600;
  const users = new Map<string, User>();
  const refreshTokens = new Map<string, { userId: string; sessionId: string; usedAt?: number }>();
  const revokedSessions = new Set<string>();
  let url = "";

  const userJson = (u: User) => ({
    id: u.id, aud: "authenticated", role: "authenticated", email: u.email, email_confirmed_at: u.confirmedAt,
    created_at: u.createdAt, updated_at: u.createdAt, app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {}, identities: [],
  });
  async function session(u: User, sessionId: string = randomUUID()) {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ email: u.email, role: "authenticated", aal: "aal1", session_id: sessionId, is_anonymous: false })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(u.id).setAudience("authenticated").setIssuer(`${url}/auth/v1`).setIssuedAt(now).setExpirationTime(now + ttl)
      .sign(privateKey);
    const refreshToken = randomBytes(24).toString("base64url");
    refreshTokens.set(refreshToken, { userId: u.id, sessionId });
    fake.issued.push(accessToken, refreshToken);
    return { access_token: accessToken, token_type: "bearer", expires_in: ttl, expires_at: now + ttl, refresh_token: refreshToken, user: userJson(u) };
  }
  const byId = (id: string) => [...users.values()].find((u) => u.id === id);
  const bearerUser = (req: IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const payload = token && JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString() || "null");
    return payload && !revokedSessions.has(payload.session_id) ? { user: byId(payload.sub), sessionId: payload.session_id as string } : null;
  };

  const fake: SupabaseAuthFake = {
    url: "",
    publishableKey,
    refreshes: 0,
    issued: [],
    confirm(email) {
      const u = users.get(email.toLowerCase());
      if (u) u.confirmedAt = new Date().toISOString();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const { pathname, searchParams } = new URL(req.url ?? "/", url);
    if (req.headers.apikey !== publishableKey) return reply(res, 401, { message: "Invalid API key" });
    const route = `${req.method} ${pathname}`;

    if (route === "GET /auth/v1/.well-known/jwks.json") return reply(res, 200, { keys: [jwk] });
    if (route === "POST /auth/v1/signup") {
      const email = String(body.email ?? "").toLowerCase();
      const now = new Date().toISOString();
      if (users.has(email) && opts.confirmEmail) {
        // With confirmations on, GoTrue does not reveal the address is taken: a made-up user, no session.
        return reply(res, 200, { ...userJson({ id: randomUUID(), email, password: "", confirmedAt: null, createdAt: now }), confirmation_sent_at: now });
      }
      if (users.has(email)) return reply(res, 422, { code: "user_already_exists", msg: "User already registered" });
      const u: User = { id: randomUUID(), email, password: String(body.password), confirmedAt: opts.confirmEmail ? null : now, createdAt: now };
      users.set(email, u);
      return reply(res, 200, u.confirmedAt ? await session(u) : { ...userJson(u), confirmation_sent_at: now });
    }
    if (route === "POST /auth/v1/token" && searchParams.get("grant_type") === "password") {
      const u = users.get(String(body.email ?? "").toLowerCase());
      if (!u || u.password !== body.password) return reply(res, 400, { code: "invalid_credentials", msg: "Invalid login credentials" });
      if (!u.confirmedAt) return reply(res, 400, { code: "email_not_confirmed", msg: "Email not confirmed" });
      return reply(res, 200, await session(u));
    }
    if (route === "POST /auth/v1/token" && searchParams.get("grant_type") === "refresh_token") {
      // Refresh tokens are single use, except that a used one still works for 10 seconds (GoTrue's
      // reuse interval), so that concurrent requests racing to refresh do not sign the person out.
      const found = refreshTokens.get(String(body.refresh_token));
      const u = found && !revokedSessions.has(found.sessionId) && (found.usedAt ?? Date.now()) > Date.now() - 10_000 && byId(found.userId);
      if (!found || !u) return reply(res, 400, { code: "refresh_token_not_found", msg: "Invalid Refresh Token: Refresh Token Not Found" });
      found.usedAt ??= Date.now();
      fake.refreshes++;
      return reply(res, 200, await session(u, found.sessionId));
    }
    if (route === "POST /auth/v1/logout") {
      const current = bearerUser(req);
      if (current) revokedSessions.add(current.sessionId);
      return reply(res, 204, null);
    }
    if (route === "GET /auth/v1/user") {
      const u = bearerUser(req)?.user;
      return u ? reply(res, 200, userJson(u)) : reply(res, 403, { code: "session_not_found", msg: "Session from session_id claim in JWT does not exist" });
    }
    return reply(res, 404, { code: "not_found", msg: `No ${route}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => reply(res, 500, { code: "unexpected_failure", msg: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = url;
  return fake;
}

function reply(res: ServerResponse, status: number, body: object | null) {
  // Newer GoTrue answers carry this header; auth-js then reads error codes from `code`.
  res.writeHead(status, { "content-type": "application/json", "x-supabase-api-version": "2024-01-01" });
  res.end(body === null ? undefined : JSON.stringify(body));
}
