import { createRunpodEndpointAction } from "@/actions/runpod/create-runpod-endpoint";
import { deleteRunpodEndpointAction } from "@/actions/runpod/delete-runpod-endpoint";
import type { Db } from "@/lib/db/types";
import { freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// The actions with a signed-in person and this test's database: who may call them, and bad input
// answered before anything is opened or sent (creation itself: runpod-endpoints.test.ts).
const mockCurrent = { db: undefined as undefined | Db, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.8", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db! }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe("RunPod endpoint actions", () => {
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const form = (over: Record<string, unknown> = {}) => ({
    orgSlug: org.slug, name: "whisper", source: "image", image: "runpod/worker:1", gpuTypeId: "NVIDIA GeForce RTX 4090", workersMin: "0", workersMax: "2", ...over,
  });

  beforeAll(async () => {
    mockCurrent.db = await freshDb("pglite");
    org = await makeOrg(mockCurrent.db, "rp-actions");
  }, 120_000);
  afterAll(() => mockCurrent.db?.close());

  it("refuses members: creating and deleting endpoints is for admins", async () => {
    mockCurrent.user.id = org.users.member;
    expect(await createRunpodEndpointAction(null, form())).toMatchObject({ ok: false, status: 403 });
    expect(await deleteRunpodEndpointAction(null, { orgSlug: org.slug, deploymentId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, status: 403 });
  });

  it("answers bad input at its field, before any credential is opened", async () => {
    mockCurrent.user.id = org.users.admin;
    expect(await createRunpodEndpointAction(null, form({ workersMin: "3", workersMax: "2" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { workersMin: ["The minimum cannot exceed the maximum."] } });
    expect(await createRunpodEndpointAction(null, form({ source: "template", templateId: "" }))).toMatchObject({ ok: false, fieldErrors: { templateId: [expect.stringMatching(/Give the template id/)] } });
    expect(await createRunpodEndpointAction(null, form({ gpuTypeId: "" }))).toMatchObject({ ok: false, fieldErrors: { gpuTypeId: ["Choose a GPU in the table above."] } });
    expect(await createRunpodEndpointAction(null, form({ "credential.not-an-id": "on" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { credentials: [expect.stringMatching(/unknown; reload/)] } });
    expect(await createRunpodEndpointAction(null, form({ name: "bad\u202Ename" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { name: [expect.stringMatching(/printable characters/), expect.any(String)] } });
  });

  it("says to connect RunPod when the org has none, and a deployment of another org is not found", async () => {
    mockCurrent.user.id = org.users.admin;
    expect(await createRunpodEndpointAction(null, form())).toMatchObject({ ok: false, status: 409, error: expect.stringMatching(/Connect RunPod/) });
    expect(await deleteRunpodEndpointAction(null, { orgSlug: org.slug, deploymentId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({ ok: false, status: 404 });
  });
});
