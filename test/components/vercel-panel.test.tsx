import { fireEvent, render, screen, within } from "@testing-library/react";
import type { VercelProject } from "@/lib/deployments/vercel/account";
import type { SyncPlan } from "@/lib/deployments/vercel/env-sync";

// The actions are stand-ins (planning, applying and deploying are tested against the Vercel fake in
// test/server/deployments/vercel.test.ts); under test is what the panel says and offers.
const planned: Record<string, unknown>[] = [];
const started: Record<string, unknown>[] = [];
const WHY = "The token Switchboard deploys with: every build of this project (any branch's preview too) could read it and act with its full access.";
const WARNING = "This is the token Switchboard deploys with. Every build of this project, including any branch's preview, will be able to read it and act with its full access to your Vercel account.";
const item = (key: string, provider: string, warning?: string) =>
  ({ key, action: "add" as const, targets: ["production" as const], provider, credentialName: "default", fingerprint: "…ab12", why: "Not set in Vercel for these targets.", ...(warning ? { warning } : {}) });

jest.mock("@/actions/deployments/plan-env-sync", () => ({
  planEnvSyncAction: async (_p: unknown, input: Record<string, unknown>) => {
    planned.push(input);
    const named = typeof input.names === "string" ? input.names.split(",") : null;
    const plan: SyncPlan = {
      project: { id: "prj_web", name: "web" }, targets: ["production"], unmanaged: [],
      items: [item("OPENAI_API_KEY", "openai"), ...(named?.includes("VERCEL_TOKEN") ? [item("VERCEL_TOKEN", "vercel", WARNING)] : [])],
      leftOut: named?.includes("VERCEL_TOKEN") ? [] : [{ key: "VERCEL_TOKEN", provider: "vercel", credentialName: "team token", why: WHY }],
    };
    return { ok: true, data: plan };
  },
}));
jest.mock("@/actions/deployments/apply-env-sync", () => ({ applyEnvSyncAction: async () => ({ ok: true, message: "Synced." }) }));
jest.mock("@/actions/deployments/start-deployment", () => ({
  startDeploymentAction: async (_p: unknown, input: Record<string, unknown>) => { started.push(input); return { ok: false, error: "api has no ready production deployment to redeploy; deploy from its git repository instead." }; },
}));
jest.mock("next/navigation", () => ({ useRouter: () => ({ push: () => {} }) }));

import { VercelPanel } from "@/components/deployments/vercel-panel";

const web: VercelProject = { id: "prj_web", name: "web", framework: "nextjs", repo: { slug: "acme/web", repoId: 1, type: "github", productionBranch: "main" }, productionReady: true };
const api: VercelProject = { id: "prj_api", name: "api", framework: null, repo: null, productionReady: false };

describe("Vercel panel", () => {
  it("leaves the deploying token out of the env sync with the reason, and warns when it is included anyway", async () => {
    render(<VercelPanel orgSlug="acme" projects={[web]} credentialName="team token" teamId={null} />);
    fireEvent.click(screen.getByRole("button", { name: "Show changes" }));
    const leftOut = await screen.findByText((_, el) => el?.getAttribute("data-left-out") === "VERCEL_TOKEN");
    expect(leftOut.textContent).toContain("The token Switchboard deploys with");
    expect(screen.getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell")[1].textContent)).toEqual(["OPENAI_API_KEY"]);
    expect(planned.at(-1)!.names).toBeUndefined();
    expect(screen.queryByRole("alert")).toBeNull();

    fireEvent.click(within(leftOut).getByRole("button", { name: "Include it anyway" }));
    expect(await screen.findByText(WARNING)).toBeInTheDocument();
    expect(planned.at(-1)!.names).toBe("OPENAI_API_KEY,VERCEL_TOKEN");
    const row = screen.getAllByRole("row").find((r) => r.textContent?.includes("VERCEL_TOKEN"))!;
    expect(row.textContent).toContain("deploy token");

    fireEvent.click(screen.getByRole("button", { name: "Leave it out" }));
    expect(await screen.findByText((_, el) => el?.getAttribute("data-left-out") === "VERCEL_TOKEN")).toBeInTheDocument();
    expect(planned.at(-1)!.names).toBeUndefined();
  });

  it("says up front that a project with no repository and no ready production deployment has nothing to deploy", () => {
    render(<VercelPanel orgSlug="acme" projects={[api]} credentialName="team token" teamId={null} />);
    expect(screen.getByText(/api has no ready production deployment and no connected git repository/)).toBeInTheDocument();
    expect(screen.getByText(/Connect a repository in Vercel/)).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Deploy api" });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/no ready production deployment and no connected git repository/);
    fireEvent.click(button);
    expect(started).toEqual([]);
  });

  it("keeps redeploy for a project without a repository whose production deployment is ready", () => {
    render(<VercelPanel orgSlug="acme" projects={[{ ...api, productionReady: true }]} credentialName="team token" teamId={null} />);
    expect(screen.queryByText(/nothing to deploy/i)).toBeNull();
    expect(screen.getByLabelText("Redeploy the latest production deployment")).toBeChecked();
    expect(screen.getByRole("button", { name: "Deploy api" })).toBeEnabled();
  });
});
