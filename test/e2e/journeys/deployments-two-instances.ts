import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * A deployment started on instance A, watched on instance B mid-build (server mode, one
 * PostgreSQL): B's page shows the history once, with the state as stored now, then the live
 * tail, whichever instance follows Vercel. The takeover when the follower dies is covered by test/server/deployments/worker.test.ts
 * (it waits out a 30 s lease, too long for this run). baseUrl is instance A; otherUrl is B.
 */
export const deploymentsTwoInstancesJourney = (otherUrl: string): Journey => ({ baseUrl, page, vercel, shot }) => {
  const stamp = Date.now();
  const slug = `tyrell-${stamp}`;
  return [
    ["a build started on instance A is watched on instance B: the history once, then the live tail to Ready", async () => {
      const a = await page("deploy-two-a");
      await signUp(a, baseUrl, `rachael-${stamp}@example.test`);
      await createOrg(a, "Tyrell", slug);
      await a.goto(`${baseUrl}/${slug}/integrations/vercel`);
      await a.getByLabel("Access token").fill(vercel.token);
      await a.getByRole("button", { name: "Verify and save" }).click();
      await expect(a.getByText("Verified and saved.")).toBeVisible();
      await a.goto(`${baseUrl}/${slug}/deployments`);
      await a.getByLabel("Project").selectOption({ label: "web (acme/web)" });
      await a.getByLabel("Branch, tag or commit").fill("main");
      await a.getByRole("button", { name: "Deploy web" }).click();
      await a.waitForURL(new RegExp(`/${slug}/deployments/[0-9a-f-]{36}$`));
      const vercelId = [...vercel.deployments.values()].at(-1)!.id;
      vercel.advance(vercelId, 4);
      await expect(a.getByText('Running "npm install"')).toBeVisible();

      // The same person (cookies are per host, not per port) opens the page on the other instance.
      const b = await a.context().newPage();
      await b.goto(`${otherUrl}${new URL(a.url()).pathname}`);
      await expect(b.getByText("Cloning github.com/acme/web (Branch: main)")).toBeVisible();
      await expect(b.getByText('Running "npm install"')).toHaveCount(1);
      // The badge says what Vercel says now (BUILDING, so no word beside "Building"), not the provider
      // word of the last state event replayed (INITIALIZING).
      await expect(b.locator('[data-testid="deployment-state"] [data-state="building"]')).toBeVisible();
      const badge = await b.locator('[data-testid="deployment-state"]').textContent();
      if (badge?.includes("INITIALIZING")) throw new Error(`instance B's badge shows a replayed provider state: ${badge}`);
      await shot(b, "72-vercel-deployment-other-instance");
      vercel.advance(vercelId);
      await expect(b.getByText("Build Completed in /vercel/output")).toBeVisible();
      await expect(b.locator('[data-testid="deployment-state"] [data-state="ready"]')).toBeVisible();
      const seen = (await b.locator("ol[aria-label='Build log'] li").allTextContents()).map((l) => l.replace(/^\d\d:\d\d:\d\d/, ""));
      if (new Set(seen).size !== seen.length) throw new Error(`a build log line was shown twice on instance B: ${JSON.stringify(seen)}`);
      await b.close();
    }],
  ];
};
