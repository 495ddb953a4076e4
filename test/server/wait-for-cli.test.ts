import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { cancelRequestHandler, createRequestHandler, declineRequestHandler, getRequestHandler } from "@/lib/api/requests";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import type { RequestHandler } from "@/lib/requests/deps";
import { apiRequest, makeKey, openaiKey } from "../helpers/api";
import { requestsWorld } from "../helpers/requests";

let world: Awaited<ReturnType<typeof requestsWorld>>;
let server: Server;
let url: string;
let key: string;
let admin: string;
let cli: string;

/** The requests route handlers behind a loopback HTTP server, as Next would mount them. */
function serve(): Promise<void> {
  server = createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const m = /^\/api\/v1\/requests\/([^/]+)(?:\/([^/]+)(?:\/(cancel|decline))?)?$/.exec(u.pathname);
    if (!m) return void res.writeHead(404).end();
    const handler: RequestHandler | undefined = !m[2] ? (req.method === "POST" ? createRequestHandler : undefined)
      : m[3] === "cancel" ? cancelRequestHandler : m[3] === "decline" ? declineRequestHandler : getRequestHandler;
    if (!handler) return void res.writeHead(405).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
    const response = await handler(new Request(u, { method: req.method, headers, body }), { orgSlug: m[1], id: m[2] }, world.deps);
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve();
  }));
}

interface Run {
  /** Resolves with the request id once the tool has printed the approval link. */
  linked: Promise<string>;
  done: Promise<{ code: number | null; out: string; err: string }>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the bundled tool (what Switchboard serves at /switchboard.cjs) as a child process. */
function waitFor(args: string[], apiKey = key, target = url): Run {
  const child = spawn(process.execPath, [cli, "wait-for", ...args, "--org", world.a.slug, "--url", target],
    { env: { PATH: process.env.PATH, NODE_ENV: "test", SWITCHBOARD_API_KEY: apiKey }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let linked: (id: string) => void = () => {};
  const link = new Promise<string>((resolve) => (linked = resolve));
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => {
    err += c;
    const m = /approves it at: \S+\/requests\/([0-9a-f-]{36})/.exec(err);
    if (m) linked(m[1]);
  });
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on("close", (code) => resolve({ code, out, err })));
  return { linked: link, done, kill: (s) => child.kill(s) };
}

const post = (handler: RequestHandler, id: string, apiKey: string) =>
  handler(apiRequest("POST", `/api/v1/requests/${world.a.slug}/${id}/x`, { key: apiKey }), { orgSlug: world.a.slug, id }, world.deps);

beforeAll(async () => {
  world = await requestsWorld("pglite", "waitfor");
  key = (await makeKey(world.db, world.a, ["request"])).key;
  admin = (await makeKey(world.db, world.a, ["write"])).key;
  world.fake.keys.set(openaiKey("cli"), "valid");
  const dir = await mkdtemp(path.join(tmpdir(), "sb-cli-"));
  cli = path.join(dir, "switchboard.cjs");
  await build({ entryPoints: ["bin/switchboard.mjs"], outfile: cli, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning" });
  await serve();
}, 60_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await world.close();
});
beforeEach(() => world.db.query(`delete from credential_requests`));

describe("switchboard wait-for", () => {
  it("files the request, prints the approval link and exits 0 once a key is saved and passes its check", async () => {
    const run = waitFor(["openai", "--reason", "The release build needs a model key.", "--label", "release 7", "--env", "OPENAI_API_KEY"]);
    const id = await run.linked;
    const row = (await world.db.query<{ reason: string; context_label: string; env_names: string[] }>(
      `select reason, context_label, env_names from credential_requests where id = $1`, [id])).rows[0];
    expect(row).toEqual({ reason: "The release build needs a model key.", context_label: "release 7", env_names: ["OPENAI_API_KEY"] });
    const saved = await setupIntegration(world.deps, { userId: world.a.users.admin }, {
      orgId: world.a.orgId, provider: getProvider("openai")!, name: "default", credential: { apiKey: openaiKey("cli") }, skipValidation: false,
    });
    expect(saved.kind).toBe("stored");
    const { code, out, err } = await run.done;
    expect(code).toBe(0);
    expect(err).toContain(`http://switchboard.test/${world.a.slug}/requests/${id}`);
    expect(out).toContain('fulfilled: OpenAI credential "default" (OPENAI_API_KEY).');
    expect(err).toContain(`switchboard pull --org ${world.a.slug}`);
    expect(out + err).not.toContain(openaiKey("cli"));
  }, 30_000);

  it("exits 3 when an admin declines", async () => {
    const run = waitFor(["stripe", "--reason", "Checkout needs it."]);
    expect((await post(declineRequestHandler, await run.linked, admin)).status).toBe(200);
    const { code, err } = await run.done;
    expect(code).toBe(3);
    expect(err).toContain("an admin declined the request for Stripe credentials");
  }, 30_000);

  it("exits 4 when the request expires", async () => {
    const run = waitFor(["anthropic", "--reason", "Needs a model key.", "--expires", "5"]);
    const id = await run.linked;
    await world.db.query(`update credential_requests set expires_at = now() + interval '200 milliseconds' where id = $1`, [id]);
    const { code, err } = await run.done;
    expect(code).toBe(4);
    expect(err).toContain("expired before anyone added them");
  }, 30_000);

  it("exits 5 when the request is canceled, and cancels its request on Ctrl-C", async () => {
    const run = waitFor(["vercel", "--reason", "Deploys need it."]);
    expect((await post(cancelRequestHandler, await run.linked, key)).status).toBe(200);
    expect((await run.done).code).toBe(5);

    const interrupted = waitFor(["github", "--reason", "CI needs it."]);
    const id = await interrupted.linked;
    interrupted.kill("SIGINT");
    const { code, err } = await interrupted.done;
    expect(code).toBe(130);
    expect(err).toContain(`canceled request ${id}`);
    expect((await world.db.query(`select state from credential_requests where id = $1`, [id])).rows).toEqual([{ state: "canceled" }]);
  }, 30_000);

  it("refuses plain http to another host, a key without the request scope, and bad input, with exit 2", async () => {
    const plain = await waitFor(["openai", "--reason", "Needs a model key."], key, "http://switchboard.example.com").done;
    expect(plain.code).toBe(2);
    expect(plain.err).toContain("use https");
    const exportOnly = (await makeKey(world.db, world.a, ["export"])).key;
    const scope = await waitFor(["openai", "--reason", "Needs a model key."], exportOnly).done;
    expect(scope.code).toBe(2);
    expect(scope.err).toContain("insufficient_scope");
    const unknown = await waitFor(["nope", "--reason", "Needs a model key."]).done;
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"nope" is not a provider');
    expect((await world.db.query(`select 1 from credential_requests`)).rows).toHaveLength(0);
  }, 30_000);
});
