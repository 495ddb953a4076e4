import { deploymentEventsSince, getDeployment } from "@/lib/deployments/queries";
import { listVercelProjects, vercelAccount } from "@/lib/deployments/vercel/account";
import { cancelVercelDeployment, startVercelDeployment } from "@/lib/deployments/vercel/deploy";
import { applyEnvSync, planEnvSync } from "@/lib/deployments/vercel/env-sync";
import { runFollowers, type WorkerDeps } from "@/lib/deployments/worker";
import { eventsSince } from "@/lib/events/queries";
import { dbKinds } from "../../helpers/db";
import { storeUnverified, twoInstances } from "../../helpers/deployments";
import { makeOrg } from "../../helpers/fixtures";
import { startVercelFake, type VercelFake } from "../../fakes/vercel-fake";

const OPTS = { leaseSeconds: 30, stepMs: 3000, budgetMs: 8000 };
const OPENAI = `sk-proj-${"Qq7w".repeat(12)}T3BlbkFJ${"Rr8t".repeat(12)}`;
const RESEND = `re_${"Ab12Cd34".repeat(4)}`;

/** Follows until the worker says the deployment is read to the end; a reconnect pause is skipped, not waited for. */
async function followToEnd(deps: WorkerDeps, orgId: string, id: string) {
  for (let i = 0; i < 30; i++) {
    const d = await getDeployment(deps.db, orgId, id);
    if (d?.followedAt) return d;
    await deps.db.query(`update deployments set next_step_at = now() where id = $1`, [id]);
    await runFollowers(deps, OPTS);
  }
  throw new Error("deployment never finished following");
}

describe.each(dbKinds)("Vercel through @vercel/sdk on %s", (kind) => {
  let fake: VercelFake;
  let env: Awaited<ReturnType<typeof twoInstances>>;
  let n = 0;
  beforeAll(async () => {
    fake = await startVercelFake();
    env = await twoInstances(kind, { vercel: fake.url });
  });
  afterAll(async () => {
    await env.close();
    await fake.close();
  });

  async function org() {
    const o = await makeOrg(env.db, `vc-${kind}-${n++}`);
    await storeUnverified(env.a, o.orgId, o.users.admin, "vercel", "team token", { token: fake.token });
    const account = (await vercelAccount(env.a, o.orgId))!;
    return { ...o, account, actor: { userId: o.users.admin } };
  }
  const texts = async (orgId: string, id: string) => (await deploymentEventsSince(env.db, orgId, id, 0)).map((e) => (e.type === "state" ? `[${e.state}]` : e.text));

  it("lists the token's projects in its team's scope, the token in a header and never in a URL", async () => {
    const o = await org();
    expect(o.account.scope).toEqual({ teamId: fake.teamId });
    const projects = await listVercelProjects(o.account);
    expect(projects.map((p) => [p.name, p.repo?.slug ?? null])).toEqual([["api", null], ["web", "acme/web"]]);
    const calls = fake.requests.filter((r) => r.path.startsWith("/v10/projects?"));
    expect(calls.at(-1)!.path).toContain(`teamId=${fake.teamId}`);
    expect(fake.requests.every((r) => !r.path.includes(fake.token) && r.authorization === `Bearer ${fake.token}`)).toBe(true);
  });

  it("env sync: a diff from the vault, applied as sensitive variables, audited, and unchanged on a second run", async () => {
    const o = await org();
    await storeUnverified(env.a, o.orgId, o.users.admin, "openai", "prod", { apiKey: OPENAI });
    await storeUnverified(env.a, o.orgId, o.users.admin, "resend", "mail", { apiKey: RESEND });
    const project = fake.projects.find((p) => p.name === "web")!;
    project.env = project.env.filter((e) => e.key === "ANALYTICS_ID");
    const input = { projectId: project.id, targets: ["production", "development"] as ("production" | "development")[] };

    const plan = await planEnvSync(env.a, o.account, o.orgId, input);
    const byKey = Object.fromEntries(plan.items.map((i) => [i.key, i]));
    expect(byKey.OPENAI_API_KEY).toMatchObject({ action: "add", targets: ["production", "development"], provider: "openai", credentialName: "prod" });
    expect(byKey.RESEND_API_KEY).toMatchObject({ action: "add" });
    // The token Switchboard deploys with is not copied into the project: any build could read it.
    expect(byKey.VERCEL_TOKEN).toBeUndefined();
    expect(plan.leftOut).toEqual([{ key: "VERCEL_TOKEN", provider: "vercel", credentialName: "team token", why: expect.stringContaining("The token Switchboard deploys with") }]);
    expect(plan.unmanaged).toEqual([{ key: "ANALYTICS_ID", targets: ["production", "preview"] }]);
    expect(JSON.stringify(plan.items)).not.toContain(OPENAI);

    const first = await applyEnvSync(env.a, o.account, o.actor, o.orgId, input);
    expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
    expect(project.env.some((e) => e.key === "VERCEL_TOKEN" || e.value === fake.token)).toBe(false);
    const openai = project.env.filter((e) => e.key === "OPENAI_API_KEY");
    expect(openai.map((e) => [e.type, e.target, e.value])).toEqual([["sensitive", ["production"], OPENAI], ["encrypted", ["development"], OPENAI]]);
    expect(project.env.find((e) => e.key === "ANALYTICS_ID")).toMatchObject({ value: "UA-1", type: "plain" });

    const writes = () => fake.requests.filter((r) => r.method !== "GET").length;
    const before = writes();
    const second = await applyEnvSync(env.a, o.account, o.actor, o.orgId, input);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    expect(writes()).toBe(before);

    const { rows } = await env.db.query<{ outcome: string; metadata: Record<string, unknown> }>(
      `select outcome, metadata from audit_events where org_id = $1 and action = 'deployment.env_sync' order by created_at`, [o.orgId]);
    expect(rows.map((r) => r.outcome)).toEqual(["synced", "unchanged"]);
    expect(String(rows[0].metadata.written)).toContain("openai/prod/");
    expect(String(rows[0].metadata.written)).toContain("-> OPENAI_API_KEY [production]");
    expect(JSON.stringify(rows)).not.toContain(OPENAI.slice(8, 30));

    // Someone edits one in Vercel, and the key is replaced in Switchboard: both become updates.
    openai[0].updatedAt += 1000;
    await storeUnverified(env.a, o.orgId, o.users.admin, "resend", "mail", { apiKey: `re_${"Zz99Yy88".repeat(4)}` });
    const third = await planEnvSync(env.a, o.account, o.orgId, input);
    expect(third.items.filter((i) => i.action === "update").map((i) => [i.key, i.targets, i.why]).sort()).toEqual([
      ["OPENAI_API_KEY", ["production"], "Edited in Vercel since the last sync."],
      ["RESEND_API_KEY", ["development"], "The credential changed since the last sync."],
      ["RESEND_API_KEY", ["production"], "The credential changed since the last sync."],
    ]);
    expect(await applyEnvSync(env.a, o.account, o.actor, o.orgId, input)).toMatchObject({ updated: 3, unchanged: 1 });
    expect(project.env.filter((e) => e.key === "RESEND_API_KEY").every((e) => e.value === `re_${"Zz99Yy88".repeat(4)}`)).toBe(true);
    expect(await planEnvSync(env.a, o.account, o.orgId, input)).toMatchObject({ items: expect.not.arrayContaining([expect.objectContaining({ action: "update" })]) });
  });

  it("env sync: the deploying token goes into the project only when chosen by name, with a warning", async () => {
    const o = await org();
    await storeUnverified(env.a, o.orgId, o.users.admin, "openai", "prod", { apiKey: OPENAI });
    const project = fake.projects.find((p) => p.name === "api")!;
    const input = { projectId: project.id, targets: ["preview"] as "preview"[], names: ["OPENAI_API_KEY", "VERCEL_TOKEN"] };
    const plan = await planEnvSync(env.a, o.account, o.orgId, input);
    expect(plan.leftOut).toEqual([]);
    expect(plan.items.find((i) => i.key === "VERCEL_TOKEN")).toMatchObject({ action: "add", warning: expect.stringContaining("Every build of this project") });
    expect(plan.items.find((i) => i.key === "OPENAI_API_KEY")!.warning).toBeUndefined();
    await applyEnvSync(env.a, o.account, o.actor, o.orgId, input);
    expect(project.env.find((e) => e.key === "VERCEL_TOKEN")).toMatchObject({ value: fake.token, target: ["preview"] });
  });

  it("deploys from git, follows the build to READY through a stream that breaks halfway and resumes with since", async () => {
    const o = await org();
    const d = await startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "git", ref: "main", target: "production" });
    const vercelId = String(d.providerRef.deploymentId);
    expect(fake.deployments.get(vercelId)).toMatchObject({ ref: "main", target: "production" });
    fake.advance(vercelId);
    fake.breakStreamAfter = 3; // right after a log line: the reconnect resends its millisecond
    const since = fake.followSince.length;
    const done = await followToEnd(env.a, o.orgId, d.id);
    expect(done).toMatchObject({ state: "ready", providerState: "READY" });
    expect((await texts(o.orgId, d.id)).filter((t) => !t.startsWith("["))).toEqual([
      "Cloning github.com/acme/web (Branch: main)", 'Running "npm install"', "added 312 packages in 9s", 'Running "next build"', "Compiled successfully", "Build Completed in /vercel/output",
    ]);
    expect((await texts(o.orgId, d.id)).filter((t) => t.startsWith("["))).toEqual(["[queued]", "[building]", "[ready]"]);
    // The second connection asked from the last stored event's time on.
    const asked = fake.followSince.slice(since);
    expect(asked[0]).toBeUndefined();
    expect(asked[1]).toEqual(expect.any(Number));
    const changes = (await eventsSince(env.db, o.orgId, "0", "member")).filter((e) => e.type === "deployment.state_changed").map((e) => (e.data as { state: string }).state);
    expect(changes).toEqual(["queued", "building", "ready"]);
  });

  it("on ERROR keeps reading until the last log line, which comes after the state", async () => {
    const o = await org();
    fake.nextScript = [
      { state: "BUILDING" }, { line: "Running \"next build\"" }, { line: "Type error: x is not assignable", level: "error" },
      { state: "ERROR", errorMessage: "Command \"npm run build\" exited with 1" },
      { line: "Error: Command \"npm run build\" exited with 1", level: "error" }, { line: "Build failed after 12s" },
    ];
    const d = await startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "git", ref: "feature/x", target: "preview" });
    fake.nextScript = (await import("../../fakes/vercel-fake")).DEFAULT_SCRIPT;
    const vercelId = String(d.providerRef.deploymentId);
    // The state arrives first; the last lines only later.
    fake.advance(vercelId, 4);
    const partly = await runFollowers(env.a, { ...OPTS, budgetMs: 1500, stepMs: 500 });
    expect(partly.followed).toBe(1);
    expect((await getDeployment(env.db, o.orgId, d.id))!.followedAt).toBeNull();
    fake.advance(vercelId);
    const done = await followToEnd(env.a, o.orgId, d.id);
    expect(done).toMatchObject({ state: "error", error: "Command \"npm run build\" exited with 1" });
    const all = await deploymentEventsSince(env.db, o.orgId, d.id, 0);
    expect(all.at(-1)).toMatchObject({ type: "log", text: "Build failed after 12s" });
    expect(all.filter((e) => e.level === "error" && e.type === "log").map((e) => e.text)).toEqual(["Type error: x is not assignable", "Error: Command \"npm run build\" exited with 1"]);
    // The state read from the stream keeps Vercel's time, as the lines around it do, so the page shows one clock.
    expect(all.find((e) => e.type === "state" && e.state === "error")!.providerAt).toEqual(expect.any(String));
    const times = all.flatMap((e) => (e.providerAt ? [e.providerAt] : []));
    expect(times).toEqual([...times].sort());
  });

  it("redeploys the latest production deployment and cancels a running one", async () => {
    const o = await org();
    const first = await startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "git", ref: "main", target: "production" });
    fake.advance(String(first.providerRef.deploymentId));
    await followToEnd(env.a, o.orgId, first.id);
    // The project list says which projects have a ready production deployment to redeploy (the form uses it).
    expect((await listVercelProjects(o.account)).map((p) => [p.name, p.productionReady])).toEqual([["api", false], ["web", true]]);
    const again = await startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "redeploy" });
    const vercelId = String(again.providerRef.deploymentId);
    expect(fake.deployments.get(vercelId)!.redeployOf).toEqual(expect.stringMatching(/^dpl_/));
    fake.advance(vercelId, 3);
    await cancelVercelDeployment(env.a, o.account, o.actor, (await getDeployment(env.db, o.orgId, again.id))!);
    const done = await followToEnd(env.a, o.orgId, again.id);
    expect(done).toMatchObject({ state: "canceled", providerState: "CANCELED" });
    expect((await texts(o.orgId, again.id)).slice(-2)).toEqual(["Build canceled by the user", "[canceled]"]);
    const { rows } = await env.db.query<{ action: string }>(`select action from audit_events where org_id = $1 and action like 'deployment.%' order by created_at`, [o.orgId]);
    expect(rows.map((r) => r.action)).toEqual(["deployment.create", "deployment.create", "deployment.cancel"]);
  });

  it("env sync refused midway: what reached Vercel is recorded and audited as partial, and Vercel's words come back with the value masked", async () => {
    const o = await org();
    await storeUnverified(env.a, o.orgId, o.users.admin, "openai", "prod", { apiKey: OPENAI });
    await storeUnverified(env.a, o.orgId, o.users.admin, "resend", "mail", { apiKey: RESEND });
    const project = fake.projects.find((p) => p.name === "web")!;
    project.env = project.env.filter((e) => e.key === "ANALYTICS_ID");
    const input = { projectId: project.id, targets: ["production"] as "production"[] };
    const keys = (await planEnvSync(env.a, o.account, o.orgId, input)).items.map((i) => i.key);
    fake.refuseEnvKey = keys.at(-1)!;
    try {
      const failed = await applyEnvSync(env.a, o.account, o.actor, o.orgId, input).then(() => null, (err: Error) => err);
      expect(failed?.message).toMatch(/Vercel refused the request \(HTTP 400\): The value "\[masked\]"/);
      for (const secret of [OPENAI, RESEND, fake.token]) expect(failed?.message).not.toContain(secret.slice(0, 16));
    } finally {
      fake.refuseEnvKey = null;
    }
    const { rows } = await env.db.query<{ outcome: string; metadata: Record<string, unknown> }>(
      `select outcome, metadata from audit_events where org_id = $1 and action = 'deployment.env_sync'`, [o.orgId]);
    expect(rows.map((r) => r.outcome)).toEqual(["partial"]);
    for (const key of keys.slice(0, -1)) expect(String(rows[0].metadata.written)).toContain(`-> ${key} [production]`);
    // What was written is Switchboard's now: the next plan has only the refused one left to add.
    const next = await planEnvSync(env.a, o.account, o.orgId, input);
    expect(next.items.filter((i) => i.action === "add").map((i) => i.key)).toEqual([keys.at(-1)]);
  });

  it("says what went wrong when Vercel refuses, and stores nothing", async () => {
    const o = await org();
    fake.failWith = 429;
    await expect(listVercelProjects(o.account)).rejects.toThrow("Vercel is rate-limiting requests; try again in 7 s.");
    fake.failWith = 500;
    await expect(startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "redeploy" })).rejects.toThrow(/HTTP 500/);
    fake.failWith = null;
    await expect(startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "api", mode: "git", ref: "main", target: "preview" })).rejects.toThrow("api has no connected git repository");
    await expect(startVercelDeployment(env.a, o.account, o.actor, o.orgId, { projectId: "web", mode: "git", ref: "../etc", target: "preview" })).rejects.toThrow("not a git branch");
    expect((await env.db.query(`select 1 from deployments where org_id = $1`, [o.orgId])).rows).toHaveLength(0);
  });
});
