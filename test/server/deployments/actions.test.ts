import { applyEnvSyncAction } from "@/actions/deployments/apply-env-sync";
import { cancelDeploymentAction } from "@/actions/deployments/cancel-deployment";
import { planEnvSyncAction } from "@/actions/deployments/plan-env-sync";
import { startDeploymentAction } from "@/actions/deployments/start-deployment";
import type { WorkerDeps } from "@/lib/deployments/worker";
import { dbKinds } from "../../helpers/db";
import { storeUnverified, twoInstances } from "../../helpers/deployments";
import { makeOrg, makeUser } from "../../helpers/fixtures";
import { startVercelFake, type VercelFake } from "../../fakes/vercel-fake";

// The actions run with a signed-in user and this test's database and deps; everything else is real.
const mockCurrent = { deps: undefined as undefined | WorkerDeps, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.deps!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const OPENAI = `sk-proj-${"Ac7w".repeat(12)}T3BlbkFJ${"Bd8t".repeat(12)}`;

describe.each(dbKinds)("deployment actions on %s", (kind) => {
  let fake: VercelFake;
  let env: Awaited<ReturnType<typeof twoInstances>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const as = (id: string) => (mockCurrent.user.id = id);
  const writes = () => fake.requests.filter((r) => r.method !== "GET").length;

  beforeAll(async () => {
    fake = await startVercelFake();
    env = await twoInstances(kind, { vercel: fake.url });
    mockCurrent.deps = env.a;
    org = await makeOrg(env.db, `dact-${kind}`);
    await storeUnverified(env.a, org.orgId, org.users.admin, "vercel", "deploys", { token: fake.token });
    await storeUnverified(env.a, org.orgId, org.users.admin, "openai", "prod", { apiKey: OPENAI });
  }, 120_000);
  afterAll(async () => {
    await env.close();
    await fake.close();
  });

  it("refuses members and outsiders every write, and calls Vercel for none of them", async () => {
    const before = writes();
    for (const who of [org.users.member, await makeUser(env.db, "outsider")]) {
      as(who);
      expect(await planEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "production" })).toMatchObject({ ok: false });
      expect(await applyEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "production" })).toMatchObject({ ok: false });
      expect(await startDeploymentAction(null, { orgSlug: org.slug, projectId: "web", mode: "redeploy" })).toMatchObject({ ok: false });
    }
    expect(writes()).toBe(before);
  });

  it("lets an admin see the diff, apply it, deploy and cancel; no value reaches the browser", async () => {
    as(org.users.admin);
    const plan = await planEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "production,preview" });
    expect(plan).toMatchObject({ ok: true, data: { project: { name: "web" }, items: expect.arrayContaining([expect.objectContaining({ key: "OPENAI_API_KEY", action: "add" })]) } });
    expect(JSON.stringify(plan)).not.toContain(OPENAI.slice(8, 24));
    expect(JSON.stringify(plan)).not.toContain(fake.token.slice(4, 20));
    const applied = await applyEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "production,preview" });
    expect(applied).toMatchObject({ ok: true, message: "Synced 1 variable to web." });
    expect(JSON.stringify(applied)).not.toContain(OPENAI.slice(8, 24));
    expect(await applyEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "production,preview" })).toMatchObject({ ok: true, message: "web was already in sync; nothing was written." });

    const started = await startDeploymentAction(null, { orgSlug: org.slug, projectId: "web", mode: "git", ref: "main", target: "preview" });
    if (!started.ok) throw new Error(started.error);
    expect(started.data.href).toBe(`/${org.slug}/deployments/${started.data.id}`);
    expect(await cancelDeploymentAction(null, { orgSlug: org.slug, deploymentId: started.data.id })).toMatchObject({ ok: true });
    as(org.users.member);
    expect(await cancelDeploymentAction(null, { orgSlug: org.slug, deploymentId: started.data.id })).toMatchObject({ ok: false, status: 403 });
  });

  it("answers bad input with a sentence at its field and changes nothing", async () => {
    as(org.users.admin);
    const before = writes();
    expect(await planEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "" })).toMatchObject({ ok: false, status: 400, fieldErrors: { targets: ["Choose at least one target."] } });
    expect(await planEnvSyncAction(null, { orgSlug: org.slug, projectId: "web", targets: "staging" })).toMatchObject({ ok: false, status: 400 });
    expect(await startDeploymentAction(null, { orgSlug: org.slug, projectId: "web", mode: "git" })).toMatchObject({ ok: false, status: 400, fieldErrors: { ref: ["Name a branch, tag or commit."] } });
    expect(await startDeploymentAction(null, { orgSlug: org.slug, projectId: "web", mode: "git", ref: "a..b", target: "preview" })).toMatchObject({ ok: false, status: 400, error: "That is not a git branch, tag or commit name." });
    expect(await startDeploymentAction(null, { orgSlug: org.slug, projectId: "../x", mode: "redeploy" })).toMatchObject({ ok: false, status: 400 });
    expect(await cancelDeploymentAction(null, { orgSlug: org.slug, deploymentId: "nope" })).toMatchObject({ ok: false, status: 400 });
    expect(writes()).toBe(before);
  });

  it("says to connect Vercel first when the org has no Vercel credential", async () => {
    const bare = await makeOrg(env.db, `dact-bare-${kind}`);
    as(bare.users.admin);
    expect(await startDeploymentAction(null, { orgSlug: bare.slug, projectId: "web", mode: "redeploy" })).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/^Connect Vercel first/) });
  });
});
