import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback stand-in for the parts of Vercel's REST API Switchboard uses, reached through the
 * official @vercel/sdk with its serverURL (PROVIDER_BASE_URL_VERCEL): the token's user and scope,
 * projects with their git link, project env (list, create with upsert, edit; values write-only:
 * sensitive ones are never returned), deployments (create from git, redeploy, get, list, cancel)
 * and the build events follow stream (`/v3/deployments/{id}/events?follow=1&since=`), newline-
 * delimited JSON with keep-alive lines that lack `created`.
 *
 * A deployment's build is a script of lines and state changes played by the test (`advance`)
 * or on a timer (`autoplay`, for a browser watching). `breakStreamAfter` cuts the next follow
 * stream after that many events, as a dropped connection would; a script may put its last log
 * lines after the ERROR state, as Vercel does.
 */
export type ReadyState = "QUEUED" | "INITIALIZING" | "BUILDING" | "READY" | "ERROR" | "CANCELED";
export type ScriptStep = { line: string; level?: "error" | "warning" } | { state: ReadyState; errorMessage?: string };

export interface FakeEnv { id: string; key: string; value: string; type: "encrypted" | "sensitive" | "plain"; target: string[]; createdAt: number; updatedAt: number }
export interface FakeProject { id: string; name: string; accountId: string; teamId: string | null; link: { type: "github"; repo: string; org: string; repoId: number; productionBranch: string } | null; env: FakeEnv[] }
export interface FakeEvent { type: string; created: number; id: string; serial: string; text?: string; level?: string; readyState?: string }
export interface FakeDeployment {
  id: string; projectId: string; name: string; url: string; target: string | null; readyState: ReadyState; errorMessage?: string;
  createdAt: number; ref: string | null; redeployOf: string | null; events: FakeEvent[]; script: ScriptStep[]; played: number;
}

export interface VercelFake {
  url: string;
  token: string;
  teamId: string;
  projects: FakeProject[];
  deployments: Map<string, FakeDeployment>;
  /** Every request: method, path with query, and the Authorization header (tests check what was sent, never a value in a URL). */
  requests: { method: string; path: string; authorization?: string; body: string }[];
  /** The build each new deployment plays; its default goes QUEUED → BUILDING → READY with a few lines. */
  nextScript: ScriptStep[];
  /** The next follow stream closes (socket destroyed) after this many events; then it is reset. */
  breakStreamAfter: number | null;
  /** Every follow stream's `since`, in order (undefined when none was sent). */
  followSince: (number | undefined)[];
  /** Plays this many more steps of a deployment's script (all when omitted). */
  advance(id: string, steps?: number): void;
  /** Plays every deployment's script one step per `ms` (for end-to-end runs). */
  autoplay(ms: number): void;
  /** Answers every call with this status (401, 429 with Retry-After, 500) until cleared with null. */
  failWith: number | null;
  /** Creating this variable is refused with a 400 whose message quotes the value sent (as validators do). */
  refuseEnvKey: string | null;
  close(): Promise<void>;
}

const rid = (prefix: string, n = 12) => `${prefix}_${randomBytes(n).toString("hex").slice(0, 24)}`;

export const DEFAULT_SCRIPT: ScriptStep[] = [
  { state: "INITIALIZING" },
  { line: "Cloning github.com/acme/web (Branch: main)" },
  { state: "BUILDING" },
  { line: "Running \"npm install\"" },
  { line: "added 312 packages in 9s" },
  { line: "Running \"next build\"" },
  { line: "Compiled successfully" },
  { line: "Build Completed in /vercel/output" },
  { state: "READY" },
];

export async function startVercelFake(opts: { token?: string; teamId?: string; port?: number } = {}): Promise<VercelFake> {
  const token = opts.token ?? `vcp_${randomBytes(18).toString("hex")}`;
  const teamId = opts.teamId ?? "team_acme0000000000000000";
  const now = Date.now();
  const projects: FakeProject[] = [
    { id: "prj_web00000000000000000000", name: "web", accountId: teamId, teamId, link: { type: "github", repo: "web", org: "acme", repoId: 123456, productionBranch: "main" }, env: [] },
    { id: "prj_api00000000000000000000", name: "api", accountId: teamId, teamId, link: null, env: [] },
  ];
  // A variable nobody in Switchboard manages: env sync must leave it alone.
  projects[0].env.push({ id: rid("env"), key: "ANALYTICS_ID", value: "UA-1", type: "plain", target: ["production", "preview"], createdAt: now, updatedAt: now });
  const deployments = new Map<string, FakeDeployment>();
  const streams = new Map<string, Set<() => void>>();
  let clock = now;
  const tick = () => (clock = Math.max(clock + 1, Date.now()));
  let serial = 0;

  const fake: VercelFake = {
    url: "", token, teamId, projects, deployments, requests: [], nextScript: DEFAULT_SCRIPT, breakStreamAfter: null, followSince: [], failWith: null, refuseEnvKey: null,
    advance(id, steps = Infinity) {
      const d = deployments.get(id);
      if (!d) throw new Error(`no deployment ${id}`);
      for (let i = 0; i < steps && d.played < d.script.length; i++) play(d, d.script[d.played++]);
      streams.get(id)?.forEach((wake) => wake());
    },
    autoplay(ms) {
      const timer = setInterval(() => {
        for (const d of deployments.values()) if (d.played < d.script.length && d.readyState !== "CANCELED") fake.advance(d.id, 1);
      }, ms);
      timer.unref();
      closers.push(() => clearInterval(timer));
    },
    close: async () => {
      closers.forEach((c) => c());
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const closers: (() => void)[] = [];

  function play(d: FakeDeployment, step: ScriptStep) {
    const created = tick();
    const base = { created, id: rid("evt"), serial: String(++serial).padStart(10, "0") };
    if ("state" in step) {
      d.readyState = step.state;
      if (step.errorMessage) d.errorMessage = step.errorMessage;
      d.events.push({ ...base, type: "deployment-state", readyState: step.state });
    } else {
      d.events.push({ ...base, type: step.level === "error" ? "stderr" : "stdout", text: step.line, level: step.level });
    }
  }
  const finished = (d: FakeDeployment) => d.played >= d.script.length && ["READY", "ERROR", "CANCELED"].includes(d.readyState);

  const envBody = (e: FakeEnv) => ({
    id: e.id, key: e.key, type: e.type, target: e.target, createdAt: e.createdAt, updatedAt: e.updatedAt, configurationId: null,
    // Vercel never returns a sensitive value, and an encrypted one only with decrypt=true.
    value: e.type === "sensitive" ? "" : e.type === "plain" ? e.value : "encrypted:" + e.id,
    securityIssues: [],
  });
  // As Vercel's project body: targets.production is the newest READY production deployment.
  const productionTarget = (p: FakeProject) => {
    const d = [...deployments.values()].filter((x) => x.projectId === p.id && x.target === "production" && x.readyState === "READY").sort((a, b) => b.createdAt - a.createdAt)[0];
    return d ? { production: {
      id: d.id, name: d.name, url: d.url, deploymentHostname: d.url, readyState: d.readyState, target: "production", createdAt: d.createdAt, createdIn: "iad1",
      creator: { uid: "usr_fake", username: "fake", email: "fake@example.com" }, plan: "pro", private: true, type: "LAMBDAS",
    } } : {};
  };
  const projectBody = (p: FakeProject) => ({
    id: p.id, name: p.name, accountId: p.accountId, createdAt: now, updatedAt: now, framework: "nextjs", nodeVersion: "22.x",
    directoryListing: false, env: [], link: p.link ? { ...p.link, type: "github", repoOwnerId: 1, gitCredentialId: "cred", sourceless: false, createdAt: now, deployHooks: [], updatedAt: now } : undefined,
    latestDeployments: [], targets: productionTarget(p), alias: [], deploymentExpiration: {}, resourceConfig: { functionDefaultRegions: ["iad1"] }, defaultResourceConfig: { functionDefaultRegions: ["iad1"] },
  });
  const deploymentBody = (d: FakeDeployment) => ({
    id: d.id, uid: d.id, name: d.name, url: d.url, projectId: d.projectId, createdAt: d.createdAt, created: d.createdAt, buildingAt: d.createdAt,
    readyState: d.readyState, status: d.readyState, state: d.readyState, target: d.target, errorMessage: d.errorMessage ?? null, type: "LAMBDAS", version: 2,
    creator: { uid: "usr_fake", username: "fake" }, meta: d.ref ? { githubCommitRef: d.ref } : {}, inspectorUrl: null,
    build: { env: [] }, env: [], plan: "pro", projectSettings: {}, regions: ["iad1"], routes: null, public: false, ownerId: d.projectId,
    alias: [], bootedAt: d.createdAt, readyStateReason: null, lambdas: [], createdIn: "iad1",
  });

  function newDeployment(project: FakeProject, target: string | null, ref: string | null, redeployOf: string | null): FakeDeployment {
    const id = rid("dpl");
    const d: FakeDeployment = {
      id, projectId: project.id, name: project.name, url: `${project.name}-${id.slice(4, 12)}.vercel.app`, target, readyState: "QUEUED",
      createdAt: tick(), ref, redeployOf, events: [], script: [...fake.nextScript], played: 0,
    };
    d.events.push({ type: "deployment-state", created: d.createdAt, id: rid("evt"), serial: String(++serial).padStart(10, "0"), readyState: "QUEUED" });
    deployments.set(id, d);
    return d;
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization: req.headers.authorization, body: raw });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => send(status, { error: { code, message, ...extra } });
    if (req.headers.authorization !== `Bearer ${token}`) return error(403, "forbidden", "Not authorized", { invalidToken: true });
    if (fake.failWith) return fake.failWith === 429 ? send(429, { error: { code: "rate_limited", message: "Too many requests" } }, { "retry-after": "7" }) : error(fake.failWith, "internal", "Internal error");
    // A team-scoped token works only with its teamId (Vercel answers 403 without it).
    if (url.searchParams.get("teamId") !== teamId && !url.pathname.startsWith("/v2/user") && !url.pathname.startsWith("/v5/user/tokens")) {
      return error(403, "forbidden", "You don't have permission to access this scope. Add the teamId of the token's team.");
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const p = url.pathname;
    let m: RegExpExecArray | null;
    const project = (idOrName: string) => projects.find((x) => x.id === idOrName || x.name === idOrName);

    if (req.method === "GET" && p === "/v2/user") return send(200, { user: { id: "usr_fake", email: "dev@example.test", name: "Dev", username: "dev", defaultTeamId: teamId, avatar: null, createdAt: now, limited: false, softBlock: null, billing: null, resourceConfig: {}, stagingPrefix: "dev", version: "northstar" } });
    if (req.method === "GET" && p === "/v5/user/tokens/current") {
      return send(200, { token: { id: "tok_fake", name: "switchboard", type: "oauth2-token", origin: "manual", scopes: [{ type: "team", teamId, origin: "manual", createdAt: now }], activeAt: now, createdAt: now } });
    }
    if (req.method === "GET" && p === "/v10/projects") return send(200, { projects: projects.map(projectBody), pagination: { count: projects.length, next: null, prev: null } });
    if ((m = /^\/v9\/projects\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const pr = project(decodeURIComponent(m[1]));
      return pr ? send(200, projectBody(pr)) : error(404, "not_found", "Project not found");
    }
    if ((m = /^\/v10\/projects\/([^/]+)\/env$/.exec(p))) {
      const pr = project(decodeURIComponent(m[1]));
      if (!pr) return error(404, "not_found", "Project not found");
      if (req.method === "GET") return send(200, { envs: pr.env.map(envBody), pagination: { count: pr.env.length, next: null, prev: null } });
      if (req.method === "POST") {
        const upsert = url.searchParams.get("upsert") === "true";
        const items = (Array.isArray(body) ? body : [body]) as { key: string; value: string; type: FakeEnv["type"]; target: string[] }[];
        const created: FakeEnv[] = [];
        for (const it of items) {
          if (it.type === "sensitive" && it.target.includes("development")) return error(400, "bad_request", "Sensitive variables cannot target development.");
          if (it.key === fake.refuseEnvKey) return error(400, "bad_request", `The value "${it.value}" of ${it.key} is not allowed.`);
          const clash = pr.env.find((e) => e.key === it.key && e.target.some((t) => it.target.includes(t)));
          if (clash && !upsert) return error(400, "ENV_ALREADY_EXISTS", `A variable with the name ${it.key} already exists for the target.`);
          const at = tick();
          if (clash) Object.assign(clash, { value: it.value, type: it.type, target: it.target, updatedAt: at });
          const e = clash ?? { id: rid("env"), key: it.key, value: it.value, type: it.type, target: it.target, createdAt: at, updatedAt: at };
          if (!clash) pr.env.push(e);
          created.push(e);
        }
        return send(201, { created: created.length === 1 ? envBody(created[0]) : created.map(envBody), failed: [] });
      }
    }
    if ((m = /^\/v9\/projects\/([^/]+)\/env\/([^/]+)$/.exec(p)) && req.method === "PATCH") {
      const e = project(decodeURIComponent(m[1]))?.env.find((x) => x.id === m![2]);
      if (!e) return error(404, "not_found", "Environment variable not found");
      Object.assign(e, { value: body.value ?? e.value, target: body.target ?? e.target, type: body.type ?? e.type, updatedAt: tick() });
      return send(200, envBody(e));
    }
    if (req.method === "GET" && p === "/v7/deployments") {
      const list = [...deployments.values()]
        .filter((d) => (!url.searchParams.get("projectId") || d.projectId === url.searchParams.get("projectId")) && (!url.searchParams.get("target") || d.target === url.searchParams.get("target")))
        .filter((d) => !url.searchParams.get("state") || url.searchParams.get("state")!.split(",").includes(d.readyState))
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, Number(url.searchParams.get("limit") ?? 20));
      return send(200, { deployments: list.map((d) => ({ ...deploymentBody(d), uid: d.id, state: d.readyState, created: d.createdAt })), pagination: { count: list.length, next: null, prev: null } });
    }
    if (req.method === "POST" && p === "/v13/deployments") {
      const pr = project(String(body.project ?? body.name ?? ""));
      if (!pr) return error(404, "not_found", "Project not found");
      if (body.deploymentId) {
        const from = deployments.get(String(body.deploymentId));
        if (!from) return error(404, "not_found", "Deployment to redeploy not found");
        return send(200, deploymentBody(newDeployment(pr, (body.target as string) ?? from.target, from.ref, from.id)));
      }
      const git = body.gitSource as { type?: string; repoId?: number | string; ref?: string } | undefined;
      if (!git || git.type !== "github" || !pr.link || String(git.repoId) !== String(pr.link.repoId)) return error(400, "bad_request", "gitSource must name the project's connected repository.");
      if (!git.ref) return error(400, "bad_request", "gitSource.ref is required.");
      return send(200, deploymentBody(newDeployment(pr, (body.target as string) ?? null, git.ref, null)));
    }
    if ((m = /^\/v13\/deployments\/([^/]+)$/.exec(p)) && req.method === "GET") {
      const d = deployments.get(m[1]);
      return d ? send(200, deploymentBody(d)) : error(404, "not_found", "Deployment not found");
    }
    if ((m = /^\/v12\/deployments\/([^/]+)\/cancel$/.exec(p)) && req.method === "PATCH") {
      const d = deployments.get(m[1]);
      if (!d) return error(404, "not_found", "Deployment not found");
      if (["READY", "ERROR", "CANCELED"].includes(d.readyState)) return error(400, "bad_request", "This deployment has already finished.");
      d.script = d.script.slice(0, d.played);
      play(d, { line: "Build canceled by the user" });
      play(d, { state: "CANCELED" });
      streams.get(d.id)?.forEach((wake) => wake());
      return send(200, deploymentBody(d));
    }
    if ((m = /^\/v3\/deployments\/([^/]+)\/events$/.exec(p)) && req.method === "GET") {
      const d = deployments.get(m[1]);
      if (!d) return error(404, "not_found", "Deployment not found");
      const sinceParam = url.searchParams.get("since");
      const since = sinceParam === null ? undefined : Number(sinceParam);
      const follow = url.searchParams.get("follow") === "1";
      if (follow) fake.followSince.push(since);
      res.writeHead(200, { "content-type": "application/stream+json" });
      let sent = 0;
      let index = 0;
      const cut = follow ? fake.breakStreamAfter : null;
      if (cut !== null) fake.breakStreamAfter = null;
      // Events strictly after `since` (its own millisecond excluded), oldest first.
      const pending = () => d.events.filter((e) => since === undefined || e.created > since);
      const flush = () => {
        const list = pending();
        while (index < list.length) {
          const e = list[index++];
          const line = JSON.stringify({ ...e, deploymentId: d.id, date: e.created, info: { type: "build", name: "bld_fake", readyState: e.readyState }, payload: { text: e.text, deploymentId: d.id, id: e.id, serial: e.serial, date: e.created } }) + "\n";
          if (cut !== null && ++sent >= cut) {
            // The connection drops mid-build, once what was sent has gone out.
            res.write(line, () => res.destroy());
            return false;
          }
          res.write(line);
        }
        if (!follow || finished(d)) {
          res.end();
          return false;
        }
        return true;
      };
      if (!flush()) return;
      // A keep-alive line (no `created`) now and then, as Vercel sends.
      const wake = () => void (flush() || stop());
      const alive = setInterval(() => res.write(JSON.stringify({ type: "keep-alive" }) + "\n"), 1000);
      const set = streams.get(d.id) ?? new Set();
      streams.set(d.id, set.add(wake));
      const stop = () => {
        clearInterval(alive);
        set.delete(wake);
      };
      res.on("close", stop);
      return;
    }
    return error(404, "not_found", `No fake for ${req.method} ${p}`);
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
