import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Vercel as an admin does it: connect Vercel (the loopback fake, through @vercel/sdk), sync the
 * vault's env into a project (the diff, then apply, then nothing left to do), deploy from git and
 * watch the build live; reload mid-build and see the history, then the tail, to READY.
 */
export const deploymentsJourney: Journey = ({ baseUrl, page, shot, canary, fake, vercel }) => {
  const stamp = Date.now();
  const slug = `wallace-${stamp}`;
  const admin = () => page("vercel-admin");
  return [
    ["an admin connects Vercel and OpenAI, syncs the vault's env into a project (diff, apply, then unchanged)", async () => {
      fake.keys.set(canary, "valid");
      const p = await admin();
      await signUp(p, baseUrl, `joi-${stamp}@example.test`);
      await createOrg(p, "Wallace", slug);
      await p.goto(`${baseUrl}/${slug}/integrations/vercel`);
      await p.getByLabel("Access token").fill(vercel.token);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(canary);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();

      await p.getByRole("link", { name: "Deployments", exact: true }).click();
      await p.waitForURL(new RegExp(`/${slug}/deployments$`));
      await p.getByLabel("Project").selectOption({ label: "web (acme/web)" });
      await p.getByRole("button", { name: "Show changes" }).click();
      await expect(p.locator('tr[data-action="add"]', { hasText: "OPENAI_API_KEY" })).toBeVisible();
      await expect(p.getByText("Left alone (not managed by Switchboard):")).toBeVisible();
      await shot(p, "70-vercel-env-sync-diff");
      await p.getByRole("button", { name: /^Apply \d+ changes?$/ }).click();
      await expect(p.getByText(/^Synced \d+ variables? to web\.$/)).toBeVisible();
      const synced = vercel.projects.find((x) => x.name === "web")!.env.filter((e) => e.key === "OPENAI_API_KEY");
      // Production and preview (the default targets) share one sensitive variable.
      if (synced.length !== 1 || synced[0].value !== canary || synced[0].type !== "sensitive" || synced[0].target.join() !== "production,preview") {
        throw new Error(`OPENAI_API_KEY did not reach Vercel as sensitive variables: ${JSON.stringify(synced.map((e) => [e.type, e.target]))}`);
      }
      await p.getByRole("button", { name: "Show changes" }).click();
      await expect(p.getByRole("button", { name: "Nothing to sync" })).toBeVisible();
      await expect(p.locator('tr[data-action="unchanged"]', { hasText: "OPENAI_API_KEY" })).toHaveCount(1);
    }],
    ["deploying from git shows the build live; a reload mid-build shows the history, then the tail, to Ready", async () => {
      const p = await admin();
      await p.getByLabel("Branch, tag or commit").fill("main");
      await p.getByRole("button", { name: "Deploy web" }).click();
      await p.waitForURL(new RegExp(`/${slug}/deployments/[0-9a-f-]{36}$`));
      const vercelId = [...vercel.deployments.values()].at(-1)!.id;
      // The build gets as far as npm install while the page watches.
      vercel.advance(vercelId, 4);
      await expect(p.getByText('Running "npm install"')).toBeVisible();
      await expect(p.locator('[data-testid="deployment-state"] [data-state="building"]')).toBeVisible();
      await p.reload();
      // History first: what was built before the reload is there again, once.
      await expect(p.getByText("Cloning github.com/acme/web (Branch: main)")).toBeVisible();
      await expect(p.getByText('Running "npm install"')).toHaveCount(1);
      vercel.advance(vercelId);
      await expect(p.getByText("Build Completed in /vercel/output")).toBeVisible();
      await expect(p.locator('[data-testid="deployment-state"] [data-state="ready"]')).toBeVisible();
      await expect(p.getByText("Complete: ready")).toBeVisible();
      const lines = await p.locator("ol[aria-label='Build log'] li").allTextContents();
      const seen = lines.map((l) => l.replace(/^\d\d:\d\d:\d\d/, ""));
      if (new Set(seen).size !== seen.length) throw new Error(`a build log line was shown twice: ${JSON.stringify(seen)}`);
      await shot(p, "71-vercel-deployment-ready");
      await p.goto(`${baseUrl}/${slug}/integrations`);
      await expect(p.getByRole("heading", { name: "Recent deployments" })).toBeVisible();
    }],
  ];
};
