import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";

/**
 * A loopback Supabase Auth (GoTrue) for the endpoints @supabase/ssr calls: sign-up, the password
 * and refresh-token grants, sign-out, password recovery (PKCE: /recover, the emailed /verify link,
 * the pkce grant), password change, and the JWKS that getClaims() verifies access tokens with
 * (ES256, as on projects with asymmetric signing keys). Users and sessions live in memory.
 * With `confirmEmail` ("Confirm email" on, Supabase's default) sign-up returns a user and no
 * session until `confirm(email)`.
 */
export interface SupabaseAuthFake {
  url: string;
  publishableKey: string;
  /** Stands in for the person clicking the link in Supabase's confirmation email. */
  confirm(email: string): void;
  /** The link in the latest password-recovery email sent to this address, if any. */
  recoveryLink(email: string): string | undefined;
  /** When set, /logout answers with this status (e.g. 503), as during an outage. */
  logoutFailure: number | null;
  /** When set, the password grant answers with this status (429 GoTrue's rate limit, 5xx an outage). */
  signInFailure: number | null;
  /** Every access and refresh token issued: none may show up in a page, a payload or a log. */
  issued: string[];
  close(): Promise<void>;
}

interface User { id: string; email: string; password: string; confirmedAt: string | null; createdAt: string; sentAt: number }
/** A refresh token; `revokedAt` once rotated, with `child` the token it was rotated into. */
interface RefreshToken { sessionId: string; revokedAt?: number; child?: string }
/** `amr`: how and when the session was authenticated, as GoTrue records it; refreshes keep it. */
interface Session { userId: string; active: string; revoked: boolean; amr: { method: string; timestamp: number }[] }
/** A recovery email's one-time token, and the PKCE challenge its auth code will be exchanged against. */
interface Recovery { userId: string; token: string; challenge: string; method: string; redirectTo: string; sentAt: number; used: boolean }
interface FlowState { userId: string; challenge: string; method: string }

const REUSE_INTERVAL_MS = 10_000; // GoTrue's default GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL
const SEND_INTERVAL_MS = 60_000; // one confirmation email per address per minute

export async function startSupabaseAuthFake(opts: { confirmEmail?: boolean; accessTokenSeconds?: number } = {}): Promise<SupabaseAuthFake> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const publishableKey = `sb_publishable_${randomBytes(16).toString("base64url")}`;
  const ttl = opts.accessTokenSeconds ?? 3600;
  const users = new Map<string, User>();
  const tokens = new Map<string, RefreshToken>();
  const sessions = new Map<string, Session>();
  const recoveries = new Map<string, Recovery>(); // by email: the latest one counts
  const flows = new Map<string, FlowState>(); // by auth code
  let url = "";

  const userJson = (u: Pick<User, "id" | "email" | "confirmedAt" | "createdAt">) => ({
    id: u.id, aud: "authenticated", role: "authenticated", email: u.email, email_confirmed_at: u.confirmedAt,
    created_at: u.createdAt, updated_at: u.createdAt, app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {}, identities: [],
  });
  const newRefreshToken = (sessionId: string) => {
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, { sessionId });
    fake.issued.push(token);
    return token;
  };
  /** A fresh access token for the session, with its currently active refresh token. */
  async function sessionJson(sessionId: string) {
    const s = sessions.get(sessionId)!;
    const u = [...users.values()].find((x) => x.id === s.userId)!;
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ email: u.email, role: "authenticated", aal: "aal1", amr: s.amr, session_id: sessionId, is_anonymous: false })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(u.id).setAudience("authenticated").setIssuer(`${url}/auth/v1`).setIssuedAt(now).setExpirationTime(now + ttl)
      .sign(privateKey);
    fake.issued.push(accessToken);
    return { access_token: accessToken, token_type: "bearer", expires_in: ttl, expires_at: now + ttl, refresh_token: s.active, user: userJson(u) };
  }
  function startSession(u: User, method = "password") {
    const sessionId = randomUUID();
    sessions.set(sessionId, { userId: u.id, active: "", revoked: false, amr: [{ method, timestamp: Math.floor(Date.now() / 1000) }] });
    sessions.get(sessionId)!.active = newRefreshToken(sessionId);
    return sessionJson(sessionId);
  }
  /** GoTrue's rotation: the active token rotates; its parent, or any used one within the reuse interval, gets the active one; older reuse ends the session. */
  function refresh(token: string): string | { code: string; message: string } {
    const t = tokens.get(token);
    const s = t && sessions.get(t.sessionId);
    if (!t || !s || s.revoked) return { code: "refresh_token_not_found", message: "Invalid Refresh Token: Refresh Token Not Found" };
    if (s.active === token) {
      t.revokedAt = Date.now();
      t.child = s.active = newRefreshToken(t.sessionId);
    } else if (t.child !== s.active && Date.now() - t.revokedAt! > REUSE_INTERVAL_MS) {
      s.revoked = true;
      return { code: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used" };
    }
    return t.sessionId;
  }

  const fake: SupabaseAuthFake = {
    url: "",
    publishableKey,
    logoutFailure: null,
    signInFailure: null,
    issued: [],
    confirm(email) {
      const u = users.get(email.toLowerCase());
      if (u) u.confirmedAt = new Date().toISOString();
    },
    recoveryLink(email) {
      const r = recoveries.get(email.toLowerCase());
      return r && `${url}/auth/v1/verify?token=${r.token}&type=recovery&redirect_to=${encodeURIComponent(r.redirectTo)}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  /** The user and session a bearer access token belongs to, or null when it is invalid or its session ended. */
  async function bearerSession(req: IncomingMessage) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    const claims = await jwtVerify(bearer, publicKey).then((r) => r.payload, () => null);
    const session = claims && sessions.get(String(claims.session_id));
    return claims && session ? { claims, session } : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    const { pathname, searchParams } = new URL(req.url ?? "/", url);
    const route = `${req.method} ${pathname}`;
    // The emailed link: opened by the person's browser, so it carries no API key. One use, one hour.
    if (route === "GET /auth/v1/verify") {
      const r = [...recoveries.values()].find((x) => x.token === searchParams.get("token"));
      const target = new URL(searchParams.get("redirect_to") ?? url);
      if (!r || r.used || Date.now() - r.sentAt > 3_600_000 || searchParams.get("type") !== "recovery") {
        target.searchParams.set("error", "access_denied");
        target.searchParams.set("error_code", "otp_expired");
        target.searchParams.set("error_description", "Email link is invalid or has expired");
      } else {
        r.used = true;
        const user = [...users.values()].find((u) => u.id === r.userId)!;
        user.confirmedAt ??= new Date().toISOString(); // opening the link proves the address, as GoTrue counts it
        const code = randomUUID();
        flows.set(code, { userId: r.userId, challenge: r.challenge, method: r.method });
        target.searchParams.set("code", code);
      }
      res.writeHead(303, { location: target.toString() });
      return res.end();
    }
    if (req.headers.apikey !== publishableKey) return reply(res, 401, { message: "Invalid API key" });
    const grant = searchParams.get("grant_type");

    if (route === "GET /auth/v1/.well-known/jwks.json") return reply(res, 200, { keys: [jwk] });
    if (route === "POST /auth/v1/signup") {
      const email = String(body.email ?? "").toLowerCase();
      const now = new Date().toISOString();
      const existing = users.get(email);
      if (existing && !opts.confirmEmail) return reply(res, 422, { code: "user_already_exists", message: "User already registered" });
      if (existing?.confirmedAt) {
        // Confirmed already: GoTrue does not say so, it answers with a made-up user and no session.
        return reply(res, 200, { ...userJson({ id: randomUUID(), email, confirmedAt: null, createdAt: now }), confirmation_sent_at: now });
      }
      if (existing) {
        // Still pending: GoTrue sends the confirmation again (keeping the first password), at most once a minute.
        if (Date.now() - existing.sentAt < SEND_INTERVAL_MS) {
          return reply(res, 429, { code: "over_email_send_rate_limit", message: "For security purposes, you can only request this after 60 seconds." });
        }
        existing.sentAt = Date.now();
        return reply(res, 200, { ...userJson(existing), confirmation_sent_at: now });
      }
      const u: User = { id: randomUUID(), email, password: String(body.password), confirmedAt: opts.confirmEmail ? null : now, createdAt: now, sentAt: Date.now() };
      users.set(email, u);
      return reply(res, 200, u.confirmedAt ? await startSession(u) : { ...userJson(u), confirmation_sent_at: now });
    }
    if (route === "POST /auth/v1/token" && grant === "password") {
      if (fake.signInFailure === 429) return reply(res, 429, { code: "over_request_rate_limit", message: "Request rate limit reached" });
      if (fake.signInFailure) return reply(res, fake.signInFailure, { code: "unexpected_failure", message: "Service unavailable" });
      const u = users.get(String(body.email ?? "").toLowerCase());
      if (!u || u.password !== body.password) return reply(res, 400, { code: "invalid_credentials", message: "Invalid login credentials" });
      if (!u.confirmedAt) return reply(res, 400, { code: "email_not_confirmed", message: "Email not confirmed" });
      return reply(res, 200, await startSession(u));
    }
    if (route === "POST /auth/v1/token" && grant === "refresh_token") {
      const result = refresh(String(body.refresh_token));
      return typeof result === "string" ? reply(res, 200, await sessionJson(result)) : reply(res, 400, result);
    }
    if (route === "POST /auth/v1/recover") {
      const user = users.get(String(body.email ?? "").toLowerCase());
      // Unknown addresses get the same answer: the endpoint does not say who has an account.
      if (!user) return reply(res, 200, {});
      const previous = recoveries.get(user.email);
      if (previous && Date.now() - previous.sentAt < SEND_INTERVAL_MS) {
        return reply(res, 429, { code: "over_email_send_rate_limit", message: "For security purposes, you can only request this after 60 seconds." });
      }
      recoveries.set(user.email, {
        userId: user.id, token: randomBytes(16).toString("hex"), challenge: String(body.code_challenge ?? ""),
        method: String(body.code_challenge_method ?? ""), redirectTo: searchParams.get("redirect_to") ?? url, sentAt: Date.now(), used: false,
      });
      return reply(res, 200, {});
    }
    if (route === "POST /auth/v1/token" && grant === "pkce") {
      const flow = flows.get(String(body.auth_code));
      flows.delete(String(body.auth_code)); // one attempt per code
      const verifier = String(body.code_verifier ?? "");
      const challenge = flow?.method === "s256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (!flow || !verifier || challenge !== flow.challenge) return reply(res, 400, { code: "flow_state_not_found", message: "invalid flow state, no valid flow state found" });
      return reply(res, 200, await startSession([...users.values()].find((u) => u.id === flow.userId)!, "recovery"));
    }
    if (route === "PUT /auth/v1/user") {
      const auth = await bearerSession(req);
      if (!auth || auth.session.revoked) return reply(res, 403, { code: "session_not_found", message: "Session from session_id claim in JWT does not exist" });
      const user = [...users.values()].find((u) => u.id === auth.claims.sub)!;
      if (typeof body.password === "string") {
        if (body.password === user.password) return reply(res, 422, { code: "same_password", message: "New password should be different from the old password." });
        if (body.password.length < 6) return reply(res, 422, { code: "weak_password", message: "Password should be at least 6 characters." });
        user.password = body.password;
        // As GoTrue's UpdatePassword: every other session of the user ends.
        for (const [id, s] of sessions) if (s.userId === user.id && id !== auth.claims.session_id) s.revoked = true;
      }
      return reply(res, 200, { ...userJson(user), updated_at: new Date().toISOString() });
    }
    if (route === "POST /auth/v1/logout") {
      if (fake.logoutFailure) return reply(res, fake.logoutFailure, { code: "unexpected_failure", message: "Service unavailable" });
      const claims = (await bearerSession(req))?.claims;
      if (!claims) return reply(res, 401, { code: "bad_jwt", message: "invalid JWT" });
      const scope = searchParams.get("scope") ?? "global";
      for (const [id, s] of sessions) {
        const current = id === claims.session_id;
        if (s.userId === claims.sub && (scope === "global" || (scope === "local") === current)) s.revoked = true;
      }
      return reply(res, 204, null);
    }
    return reply(res, 404, { code: "not_found", message: `No ${route}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => reply(res, 500, { code: "unexpected_failure", message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.url = url;
  return fake;
}

function reply(res: ServerResponse, status: number, body: object | null) {
  // GoTrue answers carry this header; auth-js then reads error codes from `code`.
  res.writeHead(status, { "content-type": "application/json", "x-supabase-api-version": "2024-01-01" });
  res.end(body === null ? undefined : JSON.stringify(body));
}
