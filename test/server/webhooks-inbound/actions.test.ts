import { createInboundEndpointAction } from "@/actions/webhooks/create-inbound-endpoint";
import { deleteInboundEndpointAction } from "@/actions/webhooks/delete-inbound-endpoint";
import { asUser } from "@/lib/db/rls";
import { inboundPageData } from "@/lib/webhooks/inbound/page-data";
import { MAX_ENDPOINTS_PER_ORG } from "@/lib/webhooks/inbound/service";
import { dbKinds } from "../../helpers/db";
import { inboundEnv } from "../../helpers/inbound";

// The actions run with this test's signed-in user, database and vault; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof inboundEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/vault", () => ({ getVault: async () => mockCurrent.env!.vault }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe.each(dbKinds)("inbound endpoint actions on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  const create = (fields: Record<string, string>) => createInboundEndpointAction(null, { orgSlug: env.org.slug, name: "Hook", ...fields });
  const count = async () => (await env.db.query<{ n: number }>(`select count(*)::int as n from inbound_endpoints where org_id = $1`, [env.org.orgId])).rows[0].n;

  beforeAll(async () => {
    env = mockCurrent.env = await inboundEnv(kind, `inbound-actions-${kind}`);
  });
  beforeEach(() => { mockCurrent.user.id = env.org.users.admin; });
  afterAll(() => env.close());

  it("creates a GitHub endpoint: an unguessable URL under /api/hooks and a generated secret shown once, sealed, audited", async () => {
    const res = await create({ integrationId: env.credentials.github, scheme: "github", name: "Repo events" });
    expect(res).toMatchObject({ ok: true, data: { name: "Repo events", url: expect.stringMatching(/\/api\/hooks\/[A-Za-z0-9_-]{43}$/), secret: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const secret = (res as { data: { secret: string } }).data.secret;
    const { rows } = await env.db.query<Record<string, unknown>>(`select * from inbound_endpoints where org_id = $1`, [env.org.orgId]);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const audit = await env.db.query<{ action: string; metadata: object }>(`select action, metadata from audit_events where org_id = $1 and action like 'webhook.%'`, [env.org.orgId]);
    expect(audit.rows).toEqual([{ action: "webhook.inbound_create", metadata: expect.objectContaining({ scheme: "github", name: "Repo events" }) }]);
    expect(JSON.stringify(audit.rows)).not.toContain(secret);
  });

  it("a Stripe endpoint has no secret of its own (the credential's field signs), and Standard Webhooks' is whsec_", async () => {
    expect(await create({ integrationId: env.credentials.stripe, scheme: "stripe" })).toMatchObject({ ok: true, data: { secret: null } });
    expect(await create({ integrationId: env.credentials.openai, scheme: "standard_webhooks" })).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) } });
  });

  it("refuses a scheme the provider does not sign with, HMAC without its header, and another org's credential", async () => {
    expect(await create({ integrationId: env.credentials.openai, scheme: "stripe" })).toMatchObject({ ok: false, status: 400, fieldErrors: { scheme: [expect.any(String)] } });
    expect(await create({ integrationId: env.credentials.openai, scheme: "hmac_sha256" })).toMatchObject({
      ok: false, status: 400, fieldErrors: { signatureHeader: [expect.any(String)], signatureEncoding: ["Choose hex or base64."] },
    });
    expect(await create({ integrationId: env.credentials.openai, scheme: "hmac_sha256", signatureHeader: "X Sig\u0000", signatureEncoding: "hex" })).toMatchObject({ ok: false, status: 400 });
    expect(await create({ integrationId: crypto.randomUUID(), scheme: "github" })).toMatchObject({ ok: false, status: 404 });
  });

  it("members may neither create nor delete endpoints, nor read them", async () => {
    mockCurrent.user.id = env.org.users.member;
    const before = await count();
    expect(await create({ integrationId: env.credentials.github, scheme: "github" })).toMatchObject({ ok: false, status: 403 });
    const [anyEndpoint] = (await env.db.query<{ id: string }>(`select id from inbound_endpoints where org_id = $1`, [env.org.orgId])).rows;
    expect(await deleteInboundEndpointAction(null, { orgSlug: env.org.slug, endpointId: anyEndpoint.id })).toMatchObject({ ok: false, status: 403 });
    expect(await count()).toBe(before);
    // Row-level security, the second line: a member's read finds no endpoint; an admin's finds them.
    expect((await asUser(env.db, env.org.users.member, (tx) => inboundPageData(tx, env.org.orgId, "https://sb.example"))).endpoints).toEqual([]);
    expect((await asUser(env.db, env.org.users.admin, (tx) => inboundPageData(tx, env.org.orgId, "https://sb.example"))).endpoints.length).toBe(before);
  });

  it(`holds the cap of ${MAX_ENDPOINTS_PER_ORG} endpoints per org under parallel creation`, async () => {
    const answers = await Promise.all(Array.from({ length: MAX_ENDPOINTS_PER_ORG + 5 }, () => create({ integrationId: env.credentials.github, scheme: "github" })));
    expect(await count()).toBe(MAX_ENDPOINTS_PER_ORG);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.status === 409)).toBe(true);
  });

  it("deletes an endpoint: its URL answers 404 afterwards, and the deletion is audited", async () => {
    const [e] = (await env.db.query<{ id: string; token: string }>(`select id, token from inbound_endpoints where org_id = $1 and scheme = 'github' limit 1`, [env.org.orgId])).rows;
    expect(await deleteInboundEndpointAction(null, { orgSlug: env.org.slug, endpointId: e.id })).toMatchObject({ ok: true });
    expect(await deleteInboundEndpointAction(null, { orgSlug: env.org.slug, endpointId: e.id })).toMatchObject({ ok: false, status: 404 });
    expect((await env.post(e.token, "{}", {})).status).toBe(404);
  });
});
