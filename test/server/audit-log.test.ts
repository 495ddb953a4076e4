import { listAudit, writeAudit } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { createOrg } from "@/lib/orgs/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

describe.each(dbKinds)("audit log pages on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());

  it("pages back through one org's events, newest first, without the other org's", async () => {
    const owner = await makeUser(db, "auditor");
    const org = (await createOrg(db, owner, "Audited", "audited"))!;
    const other = (await createOrg(db, owner, "Other", "other-audited"))!;
    for (const provider of ["openai", "anthropic", "gcp"]) {
      await writeAudit(db, { userId: owner }, { orgId: org.id, action: "integration.store", provider, outcome: "valid" });
    }
    await writeAudit(db, { userId: owner }, { orgId: other.id, action: "integration.store", provider: "stripe", outcome: "valid" });

    const first = await listAudit(db, org.id, { limit: 2 });
    expect(first.map((e) => e.provider)).toEqual(["gcp", "anthropic"]);
    const rest = await listAudit(db, org.id, { limit: 2, before: first[1].id });
    expect(rest.map((e) => e.provider)).toEqual(["openai"]);
    expect(await listAudit(db, org.id, { before: rest[0].id })).toEqual([]);
  });
});
