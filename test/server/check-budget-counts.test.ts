import type { Db } from "@/lib/db/types";
import { reserveCheck } from "@/lib/integrations/rate-limit";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// The check budget reads its counts from provider_check_counts (20261203151000_check_budget_counts.sql)
// instead of counting the window's ledger rows each time. These tests move the clock by moving
// every timestamp back together (ledger rows and counts alike), which is what time passing does,
// and check that the answers are the ones counting the ledger gives.
describe.each(dbKinds)("check budget counts on %s", (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb(kind);
  });
  afterAll(() => db.close());

  const minutesPass = async (minutes: number) => {
    await db.query(`update provider_checks set created_at = created_at - make_interval(mins => $1)`, [minutes]);
    await db.query(`update provider_check_counts set counted_after = counted_after - make_interval(mins => $1)`, [minutes]);
  };
  const reserve = (userId: string, orgId: string, perPerson: number, windowMinutes = 10) =>
    reserveCheck(db, { userId }, orgId, { perPerson, perOrg: 1000, windowMinutes });
  const ledger = async (userId: string, minutes: number) =>
    (await db.query<{ n: number }>(`select count(*)::int as n from provider_checks where user_id = $1 and created_at > now() - make_interval(mins => $2)`, [userId, minutes])).rows[0].n;

  it("lets checks leave the window one by one, as the ledger says", async () => {
    const { orgId, users } = await makeOrg(db, `counts-leave-${kind}`);
    const u = users.admin;
    for (let i = 0; i < 2; i++) expect(await reserve(u, orgId, 3)).toEqual({ ok: true });
    await minutesPass(6);
    for (let i = 0; i < 2; i++) expect(await reserve(u, orgId, 4)).toEqual({ ok: true });
    expect(await reserve(u, orgId, 4)).toMatchObject({ ok: false });
    await minutesPass(6);
    // The first two are 12 minutes old now, the other two 6: two in the window, room for one more of 3.
    expect(await ledger(u, 10)).toBe(2);
    expect(await reserve(u, orgId, 3)).toEqual({ ok: true });
    expect(await reserve(u, orgId, 3)).toMatchObject({ ok: false, error: expect.stringMatching(/^You have checked 3 keys in the last 10 minutes/) });
  });

  it("counts a longer window afresh when the limits change", async () => {
    const { orgId, users } = await makeOrg(db, `counts-longer-${kind}`);
    const u = users.admin;
    for (let i = 0; i < 2; i++) await reserve(u, orgId, 10);
    await minutesPass(12);
    for (let i = 0; i < 2; i++) await reserve(u, orgId, 10);
    // In a 10-minute window two, in a 30-minute one all four.
    expect(await reserve(u, orgId, 5, 30)).toEqual({ ok: true });
    expect(await reserve(u, orgId, 5, 30)).toMatchObject({ ok: false, error: expect.stringMatching(/^You have checked 5 keys in the last 30 minutes/) });
  });

  it("recounts from the ledger after a day without checks, when pruned rows may be in the count", async () => {
    const { orgId, users } = await makeOrg(db, `counts-idle-${kind}`);
    const u = users.admin;
    for (let i = 0; i < 3; i++) await reserve(u, orgId, 3);
    expect(await reserve(u, orgId, 3)).toMatchObject({ ok: false });
    await minutesPass(2 * 24 * 60);
    // Another person's check in the org prunes the org's rows older than a day, this person's three
    // among them, before this person's count has seen them leave.
    expect(await reserve(users.owner, orgId, 1)).toEqual({ ok: true });
    expect(await ledger(u, 3 * 24 * 60)).toBe(0);
    expect(await reserve(u, orgId, 1)).toEqual({ ok: true });
    expect(await reserve(u, orgId, 1)).toMatchObject({ ok: false });
  });

  it("stays exact when reservations arrive at once", async () => {
    const { orgId, users } = await makeOrg(db, `counts-race-${kind}`);
    const results = await Promise.all(Array.from({ length: 12 }, () => reserve(users.admin, orgId, 5)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(await ledger(users.admin, 10)).toBe(5);
    expect((await db.query<{ n: number }>(`select n from provider_check_counts where kind = 'user' and subject = $1`, [users.admin])).rows[0].n).toBe(5);
  });
});
