import { insertDeployment, deploymentEventsSince, getDeployment } from "@/lib/deployments/queries";
import { registerFollower } from "@/lib/deployments/registry";
import type { Cursor, Deployment, DeploymentState, FollowContext, Follower, StepResult } from "@/lib/deployments/types";
import { DeploymentError } from "@/lib/deployments/credential";
import { claimDue, followClaimed, runFollowers, stepDeployment, type WorkerDeps } from "@/lib/deployments/worker";
import { eventsSince } from "@/lib/events/queries";
import { dbKinds } from "../../helpers/db";
import { storeUnverified, twoInstances } from "../../helpers/deployments";
import { makeOrg } from "../../helpers/fixtures";

/**
 * A provider as a script: log lines, with the state it reports once a line has been read. The
 * follower is the plug-in the worker drives (the Vercel and RunPod ones talk HTTP); this one reads
 * the script from the cursor on, three lines a step, and can be held mid-step like a slow stream.
 */
interface Script {
  lines: { text: string; state?: DeploymentState }[];
  hold?: Promise<void>;
  entered?: () => void;
  fail?: Error;
}
const scripts = new Map<string, Script>();
const scripted: Follower = {
  kind: "vercel",
  async step(_db, d: Deployment, cursor: Cursor, ctx: FollowContext): Promise<StepResult> {
    const script = scripts.get(d.id)!;
    await ctx.credential();
    if (script.fail) throw script.fail;
    const at = typeof cursor.at === "number" ? cursor.at : 0;
    if (script.hold) {
      script.entered?.();
      await script.hold;
    }
    const batch = script.lines.slice(at, at + 3);
    const state = [...script.lines.slice(0, at + batch.length)].reverse().find((l) => l.state)?.state;
    const end = at + batch.length;
    return {
      events: batch.map((l) => ({ text: l.text })),
      state: state ? { state, providerState: state.toUpperCase() } : undefined,
      cursor: { at: end },
      done: end >= script.lines.length,
    };
  },
};
registerFollower(scripted);

const OPTS = { leaseSeconds: 30, stepMs: 2000, budgetMs: 10_000 };
const VERCEL_TOKEN = "vcp_deploytoken0123456789abcdefABCDEF";

describe.each(dbKinds)("deployment follower worker on %s", (kind) => {
  let env: Awaited<ReturnType<typeof twoInstances>>;
  let n = 0;
  beforeAll(async () => {
    env = await twoInstances(kind);
  });
  afterAll(() => env.close());

  async function newDeployment(lines: Script["lines"], deps: WorkerDeps = env.a) {
    const org = await makeOrg(env.db, `dep-${kind}-${n++}`);
    const integrationId = await storeUnverified(deps, org.orgId, org.users.admin, "vercel", "deploys", { token: VERCEL_TOKEN });
    const d = await env.db.transaction((tx) => insertDeployment(tx, { orgId: org.orgId, kind: "vercel", name: "web", startedBy: org.users.admin, integrationId }));
    scripts.set(d.id, { lines });
    return { org, d, script: scripts.get(d.id)! };
  }
  const texts = async (orgId: string, id: string) => (await deploymentEventsSince(env.db, orgId, id, 0)).map((e) => (e.type === "state" ? `[${e.state}]` : e.text));

  it("follows a deployment to ready: seqs from 1 without a gap, one state event per change, org events for each", async () => {
    const lines = [{ text: "Cloning", state: "building" as const }, { text: "Installing" }, { text: "Building" }, { text: "Done" }, { text: "Deployed", state: "ready" as const }];
    const { org, d } = await newDeployment(lines);
    await runFollowers(env.a, OPTS);
    expect(await texts(org.orgId, d.id)).toEqual(["[queued]", "Cloning", "Installing", "Building", "[building]", "Done", "Deployed", "[ready]"]);
    const events = await deploymentEventsSince(env.db, org.orgId, d.id, 0);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const after = (await getDeployment(env.db, org.orgId, d.id))!;
    expect(after).toMatchObject({ state: "ready", providerState: "READY", lastSeq: 8 });
    expect(after.followedAt).not.toBeNull();
    expect(after.finishedAt).not.toBeNull();
    const org_events = await eventsSince(env.db, org.orgId, "0", "member");
    const changes = org_events.filter((e) => e.type === "deployment.state_changed").map((e) => e.data);
    expect(changes).toEqual([
      { deploymentId: d.id, kind: "vercel", state: "queued", previous: null, name: "web" },
      { deploymentId: d.id, kind: "vercel", state: "building", previous: "queued", name: "web" },
      { deploymentId: d.id, kind: "vercel", state: "ready", previous: "building", name: "web" },
    ]);
    expect(org_events.filter((e) => e.type === "deployment.progress").at(-1)!.data).toEqual({ deploymentId: d.id, seq: 8 });
    // Finished and read to the end: nothing is due any more.
    expect(await claimDue(env.db, 30, 10, d.id)).toEqual([]);
  });

  it("masks every value of the org's stored secrets, whole, in part or base64-encoded, before a log line is stored", async () => {
    const openai = `sk-proj-${"Ab3d".repeat(12)}T3BlbkFJ${"Zz9y".repeat(12)}`;
    const { org, d } = await newDeployment([]);
    await storeUnverified(env.a, org.orgId, org.users.admin, "openai", "prod", { apiKey: openai });
    scripts.get(d.id)!.lines = [
      { text: `OPENAI_API_KEY=${openai}`, state: "building" },
      { text: `using key ${openai.slice(0, 24)}... from env` },
      { text: `token ${VERCEL_TOKEN}` },
      // Encoded on the way out: a Basic header, a query string.
      { text: `curl -H "Authorization: Basic ${Buffer.from(`x:${VERCEL_TOKEN}`).toString("base64")}" "https://api.example/?key=${encodeURIComponent(openai)}"` },
      { text: "plain line", state: "ready" },
    ];
    await runFollowers(env.a, OPTS);
    const stored = await texts(org.orgId, d.id);
    expect(stored).toEqual(["[queued]", "OPENAI_API_KEY=[masked]", "using key [redacted]... from env", "token [masked]", "[building]",
      expect.stringMatching(/^curl -H "Authorization: Basic [A-Za-z0-9]{0,4}\[masked\][A-Za-z0-9=]{0,4}" "https:\/\/api.example\/\?key=\[masked\]"$/),
      "plain line", "[ready]"]);
    const { rows } = await env.db.query<{ text: string }>(`select text from deployment_events where deployment_id = $1`, [d.id]);
    for (const r of rows) {
      expect(r.text).not.toContain(openai.slice(0, 16));
      expect(r.text).not.toContain(VERCEL_TOKEN.slice(4, 20));
    }
  });

  it("exactly one instance follows: a second claim finds nothing while the lease is held", async () => {
    const { d } = await newDeployment([{ text: "one", state: "ready" }]);
    const [claim] = await claimDue(env.a.db, 30, 10, d.id);
    expect(claim).toBeDefined();
    expect(await claimDue(env.b.db, 30, 10, d.id)).toEqual([]);
    // The other instance cannot store a step under a holder it does not have.
    expect(await stepDeployment(env.b, d.id, "someone-else", OPTS)).toBe("lost");
    expect(await followClaimed(env.a, claim.id, claim.holder, OPTS)).toBe("done");
  });

  it("another instance takes over when the follower dies mid-step, with no event lost or stored twice", async () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({ text: `line ${i + 1}`, state: i === 0 ? ("building" as const) : i === 9 ? ("ready" as const) : undefined }));
    const { org, d, script } = await newDeployment(lines);
    const [claimA] = await claimDue(env.a.db, 30, 1, d.id);
    // Instance A stores one step, then hangs in the next one (a stalled stream, a frozen process).
    expect(await stepDeployment(env.a, d.id, claimA.holder, OPTS)).toBe("continue");
    let release!: () => void;
    const entered = new Promise<void>((resolve) => (script.entered = resolve));
    script.hold = new Promise<void>((resolve) => (release = resolve));
    const stuck = stepDeployment(env.a, d.id, claimA.holder, { ...OPTS, stepMs: 60_000 });
    await entered;
    // A is dead to the others: its lease runs out (aged here instead of waited for).
    expect(await claimDue(env.b.db, 30, 1, d.id)).toEqual([]);
    await env.db.query(`update deployments set lease_expires_at = now() - interval '1 second' where id = $1`, [d.id]);
    script.hold = undefined;
    const [claimB] = await claimDue(env.b.db, 30, 1, d.id);
    expect(claimB).toBeDefined();
    expect(await followClaimed(env.b, claimB.id, claimB.holder, OPTS)).toBe("done");
    // A wakes up with lines B already stored: its write is refused.
    release();
    expect(await stuck).toBe("lost");
    const stored = await texts(org.orgId, d.id);
    expect(stored.filter((t) => t.startsWith("line "))).toEqual(lines.map((l) => l.text));
    const events = await deploymentEventsSince(env.db, org.orgId, d.id, 0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await getDeployment(env.db, org.orgId, d.id)).toMatchObject({ state: "ready" });
  });

  it("resumes after a restart from the stored cursor: a new process reads on from where the last write stood", async () => {
    const lines = Array.from({ length: 7 }, (_, i) => ({ text: `l${i}`, state: i === 6 ? ("ready" as const) : undefined }));
    const { org, d } = await newDeployment(lines);
    const [claim] = await claimDue(env.a.db, 30, 1, d.id);
    await stepDeployment(env.a, d.id, claim.holder, OPTS);
    // The process stops without letting go: after the lease runs out, any instance resumes.
    await env.db.query(`update deployments set lease_expires_at = now() - interval '1 second' where id = $1`, [d.id]);
    await runFollowers(env.b, OPTS);
    expect((await texts(org.orgId, d.id)).filter((t) => t.startsWith("l"))).toEqual(lines.map((l) => l.text));
  });

  it("backs off after a failed step and stores nothing; a permanent failure ends following in error with its reason", async () => {
    const { org, d, script } = await newDeployment([{ text: "never", state: "building" }]);
    script.fail = new Error("socket hang up");
    await runFollowers(env.a, OPTS);
    const after = await env.db.query<{ failures: number; due: boolean }>(`select failures, next_step_at > now() as due from deployments where id = $1`, [d.id]);
    expect(after.rows[0]).toEqual({ failures: 1, due: true });
    expect(await texts(org.orgId, d.id)).toEqual(["[queued]"]);

    await env.db.query(`update deployments set next_step_at = now() where id = $1`, [d.id]);
    script.fail = new DeploymentError("Vercel rejected the token.", true);
    await runFollowers(env.a, OPTS);
    expect(await getDeployment(env.db, org.orgId, d.id)).toMatchObject({ state: "error", error: "Switchboard stopped following this deployment: Vercel rejected the token." });
    expect(await texts(org.orgId, d.id)).toEqual(["[queued]", "[error]"]);
    expect(await claimDue(env.db, 30, 10, d.id)).toEqual([]);
  });

  (kind === "pglite" ? it : it.skip)("asks with a plain read when nothing is due, so the timer's tick is no write (embedded read caches stay warm)", async () => {
    await runFollowers(env.a, OPTS); // whatever earlier tests left due
    const before = env.db.writes?.();
    expect(await claimDue(env.db, 30, 10)).toEqual([]);
    expect(env.db.writes?.()).toBe(before);
  });

  it("keeps the state machine forward only: a stale report never moves a finished deployment", async () => {
    const { org, d } = await newDeployment([{ text: "a", state: "ready" }, { text: "b" }, { text: "c" }, { text: "d", state: "building" }, { text: "e", state: "error" }]);
    await runFollowers(env.a, OPTS);
    expect(await getDeployment(env.db, org.orgId, d.id)).toMatchObject({ state: "ready" });
    expect((await texts(org.orgId, d.id)).filter((t) => t.startsWith("["))).toEqual(["[queued]", "[ready]"]);
  });
});
