import { listOpenNotifications } from "@/lib/integrations/notifications";
import { revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;

describe.each(dbKinds)("what a rejected key is announced as, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const admin = () => ({ userId: org.users.admin });
  const open = async () => (await listOpenNotifications(env.db, org.orgId)).map((n) => [n.integrationName, n.kind]);

  beforeAll(async () => {
    env = await healthEnv(kind);
    org = await makeOrg(env.db, `first-check-${kind}`);
  });
  afterAll(() => env.close());

  it("a key saved without verifying that its first check rejects is 'unverified_rejected', not 'stopped working'", async () => {
    env.fake.keys.set(openaiKey("never"), "invalid");
    const saved = await setupIntegration(env.deps, admin(), { orgId: org.orgId, provider: openai, name: "unchecked", credential: { apiKey: openaiKey("never") }, skipValidation: true });
    if (saved.kind !== "stored") throw new Error(saved.kind);
    // An outage in between says nothing about the key: it is still the first conclusive check that counts.
    env.fake.keys.set(openaiKey("never"), "outage");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, saved.integrationId);
    env.fake.keys.set(openaiKey("never"), "invalid");
    for (let i = 0; i < 2; i++) await revalidateIntegration(env.deps, admin(), org.orgId, openai, saved.integrationId);
    expect(await open()).toEqual([["unchecked", "unverified_rejected"]]);

    // Once it works, the notice closes; should it fail after that, it did stop working.
    env.fake.keys.set(openaiKey("never"), "valid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, saved.integrationId);
    expect(await open()).toEqual([]);
    env.fake.keys.set(openaiKey("never"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, saved.integrationId);
    expect(await open()).toEqual([["unchecked", "credential_invalid"]]);
  });

  it("a verified key that is later rejected stopped working", async () => {
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "verified", openaiKey("ok"));
    env.fake.keys.set(openaiKey("ok"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    expect(await open()).toContainEqual(["verified", "credential_invalid"]);
  });
});
