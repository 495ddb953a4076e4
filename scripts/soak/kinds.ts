import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseDotenv } from "dotenv";
import { AGENT_PROVIDER, agentCall, type SoakAgent } from "./agents";
import type { Answer, SoakClient } from "./client";
import { credentialOf, ENV_NAME, newSecret, type Possibility, type Slot, type SoakProvider } from "./ledger";
import type { Recorder } from "./record";
import { signedDelivery, type Hook } from "./webhooks";
import type { Person, SoakOrg } from "./world";

const run = promisify(execFile);

/** What one client works with: its org, its admins, and the slots it owns (one per provider). */
export interface ClientCtx {
  client: SoakClient;
  org: SoakOrg;
  slots: Slot[];
  recorder: Recorder;
  /** Registers a key with its provider's fake (valid, or the provider's injected fault). */
  register(provider: SoakProvider, secret: string): void;
  /** A broken promise seen mid-run (an export missing a stored key, a read showing an impossible state). */
  problem(text: string): void;
  pullTool: string;
  baseUrl(): string;
  /** The org's inbound webhook endpoint, where the run prepared one. */
  hook?: Hook;
  /** The org's agent with its grant, where the run prepared one. */
  agent?: SoakAgent;
}

/**
 * One kind of request in the mix. Agent calls and webhook deliveries are added the same way:
 * one more entry with its weight, and a run that records what the product acknowledged.
 */
export interface Kind {
  name: string;
  weight: number;
  run(ctx: ClientCtx, person: Person, slot: Slot): Promise<void>;
}

/** How an answer counts for the ledger: the write happened, did not, or nobody can tell. */
type Outcome = "done" | "refused" | "unknown";

function outcomeOf(a: Answer): Outcome {
  if (a.status >= 200 && a.status < 300) return "done";
  // No answer, a 500 or a gateway error: the write may or may not have committed.
  if (a.status <= 0 || (a.status >= 500 && a.status !== 503)) return "unknown";
  return "refused";
}

const errorCode = (a: Answer) => (a.body as { error?: { code?: string } } | null)?.error?.code;

function audit(ctx: ClientCtx, action: string, o: Outcome) {
  if (o === "done") ctx.recorder.audit(ctx.org.orgId, action, "acked");
  if (o === "unknown") ctx.recorder.audit(ctx.org.orgId, action, "uncertain");
}

const present = (name: string, secret: string): Possibility => ({ present: true, name, secret });

/** Reads the provider's credentials through the API and settles the slot with what it shows. */
export async function settle(ctx: ClientCtx, person: Person, slot: Slot) {
  const a = await ctx.client.api("read-provider", person, "GET", `/api/v1/integrations/${ctx.org.slug}/${slot.provider}`);
  if (a.status !== 200) return;
  const creds = ((a.body as { credentials?: { credential_id: string; credential_name: string; fingerprint: string }[] }).credentials ?? []);
  if (creds.length > 1) ctx.problem(`${ctx.org.slug} ${slot.provider}: ${creds.length} credentials where one slot exists`);
  const seen = creds[0];
  const ok = slot.settle(seen ? { present: true, name: seen.credential_name, fingerprint: seen.fingerprint } : { present: false });
  if (!ok) ctx.problem(`${ctx.org.slug} ${slot.provider}: the API shows ${seen ? `"${seen.credential_name}" ${seen.fingerprint}` : "nothing"}, which no answer allowed`);
  slot.id = seen?.credential_id ?? null;
}

async function setup(ctx: ClientCtx, person: Person, slot: Slot, skipValidation: boolean, viaAction: boolean) {
  const now = slot.certain;
  if (!now) return settle(ctx, person, slot);
  const name = now.present ? now.name : slot.freshName();
  const secret = newSecret(slot.provider);
  ctx.register(slot.provider, secret);
  const kind = skipValidation ? "setup-unverified" : "setup-verified";
  let a: Answer;
  if (viaAction) {
    const credential = credentialOf(slot.provider, secret);
    const fields = typeof credential === "string" ? { "field.apiKey": credential } : Object.fromEntries(Object.entries(credential).map(([k, v]) => [`field.${k}`, v]));
    a = await ctx.client.action(`${kind}-action`, person, "actions/integrations/setup-integration.ts", `/${ctx.org.slug}/integrations/${slot.provider}`, {
      orgSlug: ctx.org.slug, provider: slot.provider, name, skipValidation, ...fields,
    }, slot.provider);
  } else {
    a = await ctx.client.api(kind, person, "POST", `/api/v1/integrations/${ctx.org.slug}/${slot.provider}/setup`, {
      credential: credentialOf(slot.provider, secret), credential_name: name, skip_validation: skipValidation,
    }, slot.provider);
  }
  const o = outcomeOf(a);
  if (o !== "refused") slot.apply(() => present(name, secret), o === "done");
  if (o !== "refused") {
    if (o === "done") slot.id = viaAction ? null : ((a.body as { credential_id?: string }).credential_id ?? null);
    audit(ctx, "integration.store", o);
  }
  // A key the provider rejected or could not check is not stored, but the attempt is on the record.
  if (o === "refused" && checkedNotStored(a, viaAction)) audit(ctx, "integration.validate", "done");
  if (o === "unknown") audit(ctx, "integration.validate", "unknown");
}

/** The provider was asked and the key not stored: rejected (422) or not verifiable now. */
function checkedNotStored(a: Answer, viaAction: boolean): boolean {
  if (viaAction) return (a.status === 422 || a.status === 503) && Boolean((a.body as { data?: unknown }).data);
  const code = errorCode(a);
  return code === "credential_rejected" || code === "validation_unavailable";
}

const setupVerified: Kind = { name: "setup-verified", weight: 12, run: (ctx, p, s) => setup(ctx, p, s, false, Math.random() < 0.4) };
const setupUnverified: Kind = { name: "setup-unverified", weight: 5, run: (ctx, p, s) => setup(ctx, p, s, true, false) };

const revalidate: Kind = {
  name: "revalidate", weight: 10,
  async run(ctx, person, slot) {
    const now = slot.certain;
    if (!now?.present) return setup(ctx, person, slot, false, false);
    const a = await ctx.client.api("revalidate", person, "POST", `/api/v1/integrations/${ctx.org.slug}/${slot.provider}/validate?name=${encodeURIComponent(now.name)}`, undefined, slot.provider);
    const o = outcomeOf(a);
    audit(ctx, "integration.validate", o === "done" || errorCode(a) === "credential_unreadable" ? "done" : o);
    if (a.status === 404) ctx.problem(`${ctx.org.slug} ${slot.provider}: re-validating "${now.name}", acknowledged as stored, answered 404`);
  },
};

const rename: Kind = {
  name: "rename", weight: 8,
  async run(ctx, person, slot) {
    const now = slot.certain;
    if (!now?.present || !slot.id) return settle(ctx, person, slot);
    const name = slot.freshName();
    const a = await ctx.client.action("rename", person, "actions/integrations/rename-integration.ts", `/${ctx.org.slug}/settings/integrations`, {
      orgSlug: ctx.org.slug, provider: slot.provider, integrationId: slot.id, name,
    });
    const o = outcomeOf(a);
    if (o !== "refused") slot.apply((p) => (p.present ? present(name, p.secret) : p), o === "done");
    audit(ctx, "integration.rename", o);
  },
};

const remove: Kind = {
  name: "delete", weight: 5,
  async run(ctx, person, slot) {
    const now = slot.certain;
    if (!now?.present) return settle(ctx, person, slot);
    const a = await ctx.client.api("delete", person, "DELETE", `/api/v1/integrations/${ctx.org.slug}/${slot.provider}?name=${encodeURIComponent(now.name)}`);
    const o = outcomeOf(a);
    if (o !== "refused") slot.apply(() => ({ present: false }), o === "done");
    if (o === "done") slot.id = null;
    audit(ctx, "integration.delete", o);
  },
};

const list: Kind = {
  name: "list", weight: 10,
  async run(ctx, person) {
    await ctx.client.api("list", person, "GET", `/api/v1/integrations/${ctx.org.slug}`);
  },
};

const integrationsPage: Kind = {
  name: "integrations-page", weight: 6,
  async run(ctx, person) {
    await ctx.client.page("integrations-page", person, `/${ctx.org.slug}/integrations`);
  },
};

const providerPage: Kind = {
  name: "provider-page", weight: 8,
  async run(ctx, person, slot) {
    await ctx.client.page("provider-page", person, `/${ctx.org.slug}/integrations/${slot.provider}`);
  },
};

/** The exported .env holds exactly the keys this client knows are stored. */
function checkExport(ctx: ClientCtx, text: string, source: string) {
  const vars = parseDotenv(text);
  for (const slot of ctx.slots) {
    const now = slot.certain;
    if (!now) continue;
    const value = vars[ENV_NAME[slot.provider]];
    if (now.present && value !== now.secret) ctx.problem(`${source} of ${ctx.org.slug}: ${ENV_NAME[slot.provider]} ${value === undefined ? "missing" : "differs from the acknowledged key"}`);
    if (!now.present && value !== undefined) ctx.problem(`${source} of ${ctx.org.slug}: ${ENV_NAME[slot.provider]} present after an acknowledged delete`);
  }
}

const exportEnv: Kind = {
  name: "export", weight: 6,
  async run(ctx, person) {
    const a = await ctx.client.api("export", person, "GET", `/api/v1/env/${ctx.org.slug}`);
    const o = outcomeOf(a);
    audit(ctx, "integration.export", o);
    // Only the slots no other request of this client is changing right now: clients run one request at a time.
    if (o === "done") checkExport(ctx, a.text, "export");
  },
};

/** `switchboard pull`, the bundled tool Switchboard serves, run as a developer runs it. */
const pull: Kind = {
  name: "pull", weight: 1,
  async run(ctx, person) {
    const dir = await mkdtemp(path.join(tmpdir(), "switchboard-soak-pull-"));
    const startedAt = Date.now();
    const t0 = performance.now();
    let status = 200;
    let said: string | undefined;
    try {
      await run(process.execPath, [ctx.pullTool, "pull", "--org", ctx.org.slug, "--url", ctx.baseUrl(), "--file", path.join(dir, ".env"), "--yes"], {
        cwd: dir, env: { ...process.env, HOME: dir, SWITCHBOARD_API_KEY: person.apiKey }, timeout: 30_000,
      });
    } catch (err) {
      // The tool exits 1 when Switchboard is unreachable or refuses, saying why on stderr: a
      // refusal for the key's request rate is the 429 it was, not a server error.
      const e = err as { code?: number; stderr?: string };
      const stderr = e.stderr ?? "";
      status = e.code !== 1 ? 0 : /\b503\b|unavailable/i.test(stderr) ? 503 : /\(rate_limited\)/.test(stderr) ? 429 : 500;
      said = (e.stderr ?? "").slice(0, 300);
    }
    ctx.recorder.requests.push({ kind: "pull", status, ms: performance.now() - t0, startedAt, endedAt: Date.now(), instance: -1, said });
    audit(ctx, "integration.export", status === 200 ? "done" : "unknown");
    if (status === 200) checkExport(ctx, await readFile(path.join(dir, ".env"), "utf8"), "pull");
    await rm(dir, { recursive: true, force: true });
  },
};

/** A credential request filed with the org key, read back; a later verified setup fulfils it. */
const request: Kind = {
  name: "request", weight: 4,
  async run(ctx, person, slot) {
    const a = await ctx.client.api("request-create", person, "POST", `/api/v1/requests/${ctx.org.slug}`, {
      provider: slot.provider, reason: "The soak's nightly build needs this key.", context: { label: "soak", env: [ENV_NAME[slot.provider]] },
    });
    const id = (a.body as { requests?: { id: string }[] } | null)?.requests?.[0]?.id;
    if (id) await ctx.client.api("request-read", person, "GET", `/api/v1/requests/${ctx.org.slug}/${id}`);
  },
};

/** A provider's signed webhook to the org's inbound endpoint (Standard Webhooks). */
const webhookDelivery: Kind = {
  name: "webhook-delivery", weight: 4,
  async run(ctx) {
    if (!ctx.hook) return;
    const d = signedDelivery(ctx.hook);
    const a = await ctx.client.send("webhook-delivery", `/api/hooks/${ctx.hook.token}`, { method: "POST", body: d.body, headers: d.headers });
    const o = outcomeOf(a);
    if (o === "done") ctx.hook.acked.push(d.id);
    if (o === "unknown") ctx.hook.uncertain.push(d.id);
  },
};

/** An agent's brokered call to a loopback provider, with its token and grant. */
const agentCallKind: Kind = {
  name: "agent-call", weight: 4,
  async run(ctx) {
    if (!ctx.agent) return;
    const call = agentCall(ctx.agent);
    const a = await ctx.client.send("agent-call", `/api/v1/agent/proxy/${AGENT_PROVIDER}/v1/models`, { method: "GET", headers: call.headers });
    const o = outcomeOf(a);
    (o === "done" ? ctx.agent.acked : ctx.agent.uncertain).push(call.id);
    // The call's audit row is written last, and a refusal's (the key service down) is written
    // when the database is up: after a 503 either may or may not be there.
    const unsure = o === "unknown" || a.status === 503;
    audit(ctx, "agent.call", unsure ? "unknown" : o);
    if (unsure) audit(ctx, "agent.refused", "unknown");
    if (a.text.includes(ctx.agent.key)) ctx.problem(`${ctx.org.slug}: an agent call's answer quoted the org's key`);
  },
};

export const KINDS: Kind[] = [setupVerified, setupUnverified, revalidate, rename, remove, list, integrationsPage, providerPage, exportEnv, pull, request, webhookDelivery, agentCallKind];

export function pickKind(kinds: Kind[]): Kind {
  const total = kinds.reduce((n, k) => n + k.weight, 0);
  let r = Math.random() * total;
  for (const k of kinds) if ((r -= k.weight) < 0) return k;
  return kinds[kinds.length - 1];
}
