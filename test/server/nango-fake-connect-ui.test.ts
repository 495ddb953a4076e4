import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Nango } from "@nangohq/node";
import { createNango } from "@/lib/oauth/nango";
import { startNangoFake, type NangoFake } from "../fakes/nango-fake";

/*
 * The end-to-end run trusts the loopback Nango's Connect UI to behave like Nango's: these pin
 * down that it accepts only session tokens it issued, and that its webhooks pass the real SDK's check.
 */
describe("the loopback Nango's Connect UI", () => {
  let fake: NangoFake;
  let nango: Nango;
  let receiver: Server;
  const received: { raw: string; headers: Record<string, string> }[] = [];
  const owner = { end_user: { id: "u-1", email: "ada@example.test" }, organization: { id: "o-1" }, tags: { organization_id: "o-1", credential_name: "default" } };
  const asSession = (token: string, method = "GET", path = "/connect/session") =>
    fetch(`${fake.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    fake = await startNangoFake({ webhookSigningKey: "signing-key-for-the-fake-test" });
    nango = createNango({ NANGO_SECRET_KEY: fake.secretKey, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: "signing-key-for-the-fake-test", NANGO_PUBLIC_CONNECT_URL: fake.connectUiUrl })!;
    receiver = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        received.push({ raw, headers: req.headers as Record<string, string> });
        res.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    fake.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/nango/webhook`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("serves the page at the path the SDK derives from NANGO_PUBLIC_CONNECT_URL", async () => {
    const res = await fetch(`${fake.connectUiUrl}/?apiURL=${encodeURIComponent(fake.url)}&detectClosedAuthWindow=true`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('type: "ready"');
  });

  it("refuses a session token it did not issue, the secret key, and an expired one", async () => {
    expect((await asSession("nango_connect_session_0123456789abcdef")).status).toBe(401);
    expect((await asSession(fake.secretKey)).status).toBe(401);
    fake.sessionTtlMs = -1;
    try {
      const { data } = await nango.createConnectSession({ ...owner, allowed_integrations: ["github"] });
      expect((await asSession(data.token)).status).toBe(401);
      expect((await asSession(data.token, "POST", "/oauth/connect/github")).status).toBe(401);
    } finally {
      fake.sessionTtlMs = 30 * 60_000;
    }
    expect(fake.connections.size).toBe(0);
  });

  it("connects only an allowed integration, and sends a creation webhook the SDK verifies", async () => {
    const { data } = await nango.createConnectSession({ ...owner, allowed_integrations: ["github"] });
    expect(await (await asSession(data.token)).json()).toMatchObject({ data: { allowed_integrations: ["github"], end_user: { email: "ada@example.test" } } });
    expect((await asSession(data.token, "POST", "/oauth/connect/slack")).status).toBe(400);
    const res = await asSession(data.token, "POST", "/oauth/connect/github");
    const { data: connected } = (await res.json()) as { data: { connectionId: string; providerConfigKey: string } };
    expect(connected.providerConfigKey).toBe("github");
    expect(fake.connections.get(connected.connectionId)).toMatchObject({ integration: "github", tags: owner.tags });
    const [hook] = received;
    expect(nango.verifyIncomingWebhookRequest(hook.raw, hook.headers)).toBe(true);
    expect(JSON.parse(hook.raw)).toMatchObject({ type: "auth", operation: "creation", success: true, connectionId: connected.connectionId, providerConfigKey: "github", tags: owner.tags });
  });

  it("renews the same connection for a reconnect session and says so with an override webhook", async () => {
    const [connectionId] = fake.connections.keys();
    await fake.failRefresh(connectionId, "invalid_grant");
    const before = fake.connections.get(connectionId)!.accessToken;
    const { data } = await nango.createReconnectSession({ ...owner, connection_id: connectionId, integration_id: "github" });
    const res = await asSession(data.token, "POST", "/oauth/connect/github");
    expect(await res.json()).toEqual({ data: { providerConfigKey: "github", connectionId } });
    expect(fake.connections.get(connectionId)).toMatchObject({ refreshError: undefined });
    expect(fake.connections.get(connectionId)!.accessToken).not.toBe(before);
    expect(received.map((h) => JSON.parse(h.raw).operation)).toEqual(["creation", "refresh", "override"]);
    expect(received.every((h) => nango.verifyIncomingWebhookRequest(h.raw, h.headers))).toBe(true);
  });
});
