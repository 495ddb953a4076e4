import { verify } from "@octokit/webhooks-methods";
import { listEndpoints } from "@/lib/webhooks/inbound/endpoints";
import { setupGithubWebhook } from "@/lib/webhooks/setup/github";
import { startDevtoolsFake, type DevtoolsFake } from "../../fakes/devtools-fake";
import { dbKinds } from "../../helpers/db";
import { githubToken, inboundEnv } from "../../helpers/inbound";

const ORIGIN = "http://127.0.0.1:3998";

describe.each(dbKinds)("setup after save, GitHub, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof inboundEnv>>;
  let github: DevtoolsFake;
  let verified: string;
  const token = githubToken("v");
  const setup = (repository: string, integrationId = verified) =>
    setupGithubWebhook(env.deps as never, env.actor, { orgId: env.org.orgId, integrationId, repository, events: ["push", "pull_request"], origin: ORIGIN });

  beforeAll(async () => {
    github = await startDevtoolsFake({ keys: { [token]: "valid" } });
    github.repos.add("acme/web");
    env = await inboundEnv(kind, `setup-github-${kind}`, { githubBaseUrl: github.url });
    verified = await env.store("github", "bot", { token }, false);
  });
  afterAll(async () => {
    await github.close();
    await env.close();
  });

  it("creates a repository webhook to a new inbound endpoint, signed with its generated secret, and GitHub's deliveries verify", async () => {
    const res = await setup("acme/web");
    expect(res).toMatchObject({ kind: "created", url: expect.stringMatching(new RegExp(`^${ORIGIN}/api/hooks/`)) });
    const [hook] = github.repoHooks;
    expect(hook).toMatchObject({ repo: "acme/web", url: (res as { url: string }).url, events: ["push", "pull_request"], token });
    expect(hook.secret).toMatch(/^[0-9a-f]{64}$/);
    const [endpoint] = (await listEndpoints(env.db, env.org.orgId)).filter((e) => e.integrationId === verified);
    expect(endpoint).toMatchObject({ scheme: "github" });
    // A delivery as GitHub would sign it with the secret it was given.
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: hook.id });
    const { sign } = await import("@octokit/webhooks-methods");
    const signature = await sign(hook.secret, body);
    expect(await verify(hook.secret, body, signature)).toBe(true);
    expect(await env.post(endpoint.token, body, { "x-github-event": "ping", "x-github-delivery": crypto.randomUUID(), "x-hub-signature-256": signature })).toMatchObject({ status: 200 });
    // The token went in the Authorization header only, never in a path.
    expect(github.requests.every((r) => !r.path.includes(token))).toBe(true);
  });

  it("is idempotent: a second click finds the hook and creates nothing", async () => {
    expect(await setup("acme/web")).toMatchObject({ kind: "exists" });
    expect(github.repoHooks).toHaveLength(1);
    expect((await listEndpoints(env.db, env.org.orgId)).filter((e) => e.integrationId === verified)).toHaveLength(1);
  });

  it("says so when the token may not manage the repository, or GitHub rejects it, and audits each attempt", async () => {
    expect(await setup("acme/secret-repo")).toMatchObject({ kind: "refused", status: 400, error: expect.stringContaining("Webhooks: write") });
    github.keys.set(token, "invalid");
    expect(await setup("acme/web")).toMatchObject({ kind: "refused", status: 502 });
    github.keys.set(token, "valid");
    const outcomes = (await env.db.query<{ outcome: string }>(`select outcome from audit_events where org_id = $1 and action = 'webhook.provider_setup' order by id`, [env.org.orgId])).rows;
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "exists", "failed", "failed"]);
  });

  it("refuses an unverified token before calling GitHub", async () => {
    const pending = await env.store("github", "pending", { token: githubToken("p") });
    const calls = github.requests.length;
    expect(await setup("acme/web", pending)).toMatchObject({ kind: "refused", status: 409 });
    expect(github.requests.length).toBe(calls);
  });
});
