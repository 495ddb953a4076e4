import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { MAX_FAILURES, signInLocal, signUpLocal } from "@/lib/auth/local";
import { askRunningServer, listenForOperator, operatorSocketPath } from "@/lib/auth/operator-channel";
import { issueResetCode, redeemResetCode, resetCodeSchema } from "@/lib/auth/password-reset";
import { createSession, getSessionUser } from "@/lib/auth/sessions";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import type { Db } from "@/lib/db/types";
import { addMember } from "@/lib/orgs/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

const run = promisify(execFile);
const actor = { userId: null, ip: "203.0.113.9", userAgent: "jest" };
const emailOf = async (db: Db, id: string) => (await db.query<{ email: string }>(`select email from users where id = $1`, [id])).rows[0].email;

// Each step hashes a real password; the machine may be busy.
jest.setTimeout(120_000);

describe.each(dbKinds)("password reset codes on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  beforeAll(async () => {
    db = await freshDb(kind);
    org = await makeOrg(db, `reset-${kind}`);
  });
  afterAll(() => db.close());
  const byOwner = () => ({ kind: "owner" as const, ownerId: org.users.owner, orgId: org.orgId });

  it("lets the member choose a new password once, ends their sessions, keeps only a hash, and is audited", async () => {
    const { token } = await createSession(db, org.users.member);
    const issued = await issueResetCode(db, { userId: org.users.owner }, { userId: org.users.member }, byOwner());
    if (!issued.ok) throw new Error("not issued");
    expect(resetCodeSchema.safeParse(issued.code).success).toBe(true);
    expect(issued.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const stored = await db.query(`select * from password_resets`);
    expect(JSON.stringify(stored.rows)).not.toContain(issued.code.slice(4));

    expect(await redeemResetCode(db, actor, issued.code, "a brand new long password")).toEqual({ ok: true, email: issued.email });
    expect(await getSessionUser(db, token)).toBeNull();
    expect(await signInLocal(db, issued.email, "a brand new long password")).toEqual({ ok: true, userId: org.users.member });
    // Once only.
    expect(await redeemResetCode(db, actor, issued.code, "yet another long password")).toEqual({ ok: false });
    expect(await signInLocal(db, issued.email, "yet another long password")).toEqual({ ok: false, reason: "invalid" });

    const audit = await db.query<{ action: string; outcome: string; actor: string | null; metadata: Record<string, string> }>(
      `select action, outcome, actor_user_id as actor, metadata from audit_events where org_id = $1 and action like 'member.%reset%' order by id`, [org.orgId]);
    expect(audit.rows).toEqual([
      { action: "member.reset_code", outcome: "issued by owner", actor: org.users.owner, metadata: { account: issued.email } },
      { action: "member.password_reset", outcome: "with owner's code", actor: null, metadata: { account: issued.email } },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(issued.code);
  });

  it("refuses expired, replaced and mistyped codes alike", async () => {
    const first = await issueResetCode(db, { userId: org.users.owner }, { userId: org.users.admin }, byOwner());
    const second = await issueResetCode(db, { userId: org.users.owner }, { userId: org.users.admin }, byOwner());
    if (!first.ok || !second.ok) throw new Error("not issued");
    expect(await redeemResetCode(db, actor, first.code, "a brand new long password")).toEqual({ ok: false });
    expect(await redeemResetCode(db, actor, `${second.code.slice(0, -1)}${second.code.endsWith("x") ? "y" : "x"}`, "a brand new long password")).toEqual({ ok: false });
    await db.query(`update password_resets set expires_at = now() - interval '1 second' where used_at is null and revoked_at is null`);
    expect(await redeemResetCode(db, actor, second.code, "a brand new long password")).toEqual({ ok: false });
  });

  it("is used up once when 8 attempts with it arrive at once", async () => {
    const issued = await issueResetCode(db, actor, { email: await emailOf(db, org.users.admin) }, { kind: "operator" });
    if (!issued.ok) throw new Error("not issued");
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => redeemResetCode(db, actor, issued.code, `parallel new password ${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("gives an owner codes only for people whose every org they own, checked again when the code is used", async () => {
    const elsewhere = await makeOrg(db, `reset-else-${kind}`);
    // The admin of elsewhere is also a member here: this org's owner must not be able to take that account.
    await addMember(db, org.orgId, elsewhere.users.admin, "member");
    expect(await issueResetCode(db, { userId: org.users.owner }, { userId: elsewhere.users.admin }, byOwner())).toEqual({ ok: false, reason: "other_orgs" });
    // Not a member here; and not themselves.
    expect(await issueResetCode(db, { userId: org.users.owner }, { userId: elsewhere.users.member }, byOwner())).toEqual({ ok: false, reason: "not_member" });
    expect(await issueResetCode(db, { userId: org.users.owner }, { userId: org.users.owner }, byOwner())).toEqual({ ok: false, reason: "not_member" });

    const newcomer = await makeUser(db, "newcomer");
    await addMember(db, org.orgId, newcomer, "member");
    const issued = await issueResetCode(db, { userId: org.users.owner }, { userId: newcomer }, byOwner());
    if (!issued.ok) throw new Error("not issued");
    await addMember(db, elsewhere.orgId, newcomer, "member"); // joined another org since
    expect(await redeemResetCode(db, actor, issued.code, "a brand new long password")).toEqual({ ok: false });
    // The operator may: they hold the machine.
    const operator = await issueResetCode(db, actor, { email: issued.email }, { kind: "operator" });
    if (!operator.ok) throw new Error("not issued");
    expect(await redeemResetCode(db, actor, operator.code, "a brand new long password")).toEqual({ ok: true, email: issued.email });
  });

  it("never gives an owner a code for another owner, nor lets one be used by someone made an owner since", async () => {
    const coOwner = await makeUser(db, "co-owner");
    await addMember(db, org.orgId, coOwner, "owner");
    expect(await issueResetCode(db, { userId: org.users.owner }, { userId: coOwner }, byOwner())).toEqual({ ok: false, reason: "owner" });

    const promoted = await makeUser(db, "promoted");
    await addMember(db, org.orgId, promoted, "member");
    const issued = await issueResetCode(db, { userId: org.users.owner }, { userId: promoted }, byOwner());
    if (!issued.ok) throw new Error("not issued");
    await db.query(`update memberships set role = 'owner' where org_id = $1 and user_id = $2`, [org.orgId, promoted]);
    expect(await redeemResetCode(db, actor, issued.code, "a brand new long password")).toEqual({ ok: false });
  });

  it("refuses an owner's code once its person has left the org, though the owner then owns all of their (no) orgs", async () => {
    const leaver = await makeUser(db, "leaver");
    await addMember(db, org.orgId, leaver, "member");
    const issued = await issueResetCode(db, { userId: org.users.owner }, { userId: leaver }, byOwner());
    if (!issued.ok) throw new Error("not issued");
    await db.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, leaver]);
    expect(await redeemResetCode(db, actor, issued.code, "a brand new long password")).toEqual({ ok: false });
  });

  it("lets a locked-out person back in with a code", async () => {
    const email = `locked-${kind}@example.test`;
    await signUpLocal(db, email, "the forgotten long password");
    for (let i = 0; i < MAX_FAILURES; i++) await signInLocal(db, email, "a wrong password");
    expect(await signInLocal(db, email, "the forgotten long password")).toMatchObject({ reason: "locked" });
    const issued = await issueResetCode(db, actor, { email }, { kind: "operator" });
    if (!issued.ok) throw new Error("not issued");
    await redeemResetCode(db, actor, issued.code, "a brand new long password");
    expect(await signInLocal(db, email, "a brand new long password")).toMatchObject({ ok: true });
    expect(await issueResetCode(db, actor, { email: "nobody@example.test" }, { kind: "operator" })).toEqual({ ok: false, reason: "no_account" });
  });
});

describe("npm run user:reset-password", () => {
  const script = (dataDir: string, email: string) =>
    run(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/reset-password.ts", email], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_ENV: "production" },
    }).then((r) => ({ code: 0, out: r.stdout, err: r.stderr }), (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }));
  const codeIn = (out: string) => /\b(sbr_[A-Za-z0-9_-]{32})\b/.exec(out)?.[1];
  let dataDir: string;
  beforeAll(async () => { dataDir = await mkdtemp(path.join(tmpdir(), "sb-reset-")); });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("works while the app is stopped: it opens the embedded database itself", async () => {
    let db = await openPglite(path.join(dataDir, "pglite"));
    await migrate(db);
    await signUpLocal(db, "ada@example.test", "the forgotten long password");
    await db.close();

    const unknown = await script(dataDir, "nobody@example.test");
    expect(unknown).toMatchObject({ code: 1, err: expect.stringContaining("No account uses nobody@example.test.") });
    const { code, out } = await script(dataDir, "ADA@example.test");
    expect(code).toBe(0);
    expect(out).toContain("Reset code for ada@example.test");
    db = await openPglite(path.join(dataDir, "pglite"));
    try {
      expect(await redeemResetCode(db, actor, codeIn(out)!, "a brand new long password")).toEqual({ ok: true, email: "ada@example.test" });
    } finally {
      await db.close();
    }
  });

  it("works while the app is running: it asks the running server over a socket only its user can open", async () => {
    const db = await openPglite(path.join(dataDir, "pglite")); // "the app", holding the database
    const server = await listenForOperator(dataDir, db);
    try {
      expect(server).not.toBeNull();
      expect((await stat(operatorSocketPath(dataDir))).mode & 0o777).toBe(0o600);
      const { code, out } = await script(dataDir, "ada@example.test");
      expect(code).toBe(0);
      expect(await redeemResetCode(db, actor, codeIn(out)!, "another new long password")).toEqual({ ok: true, email: "ada@example.test" });
      expect(await askRunningServer(dataDir, { op: "reset-password", email: "nobody@example.test" })).toEqual({ ok: false, error: "No account uses nobody@example.test." });
    } finally {
      await new Promise((r) => server?.close(r));
      await db.close();
    }
    expect(await askRunningServer(dataDir, { op: "reset-password", email: "ada@example.test" })).toBeNull();
    // The socket is gone but the process that served it still runs (as a server whose socket could
    // not be opened would): the command must not open the database beside it.
    const beside = await script(dataDir, "ada@example.test");
    expect(beside).toMatchObject({ code: 1, err: expect.stringContaining(`A Switchboard server (pid ${process.pid}) holds`) });
  });
});
