import { expect } from "../expect";
import { overflow } from "../inspect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * RunPod serverless as an admin does it: connect RunPod, scan the GPU table, pick a GPU, create an
 * endpoint whose env comes from the vault (the OpenAI canary), and watch it become ready live as
 * the worker follows its workers at the loopback RunPod; then delete it.
 */
export const runpodJourney: Journey = ({ baseUrl, page, shot, canary, fake, runpod }) => {
  const stamp = Date.now();
  const slug = `tyrell-${stamp}`;
  const key = `rpa_${"E2E7RUNP".repeat(5)}pod1`;
  const admin = () => page("runpod-admin");
  return [
    ["an admin connects RunPod and OpenAI, and sees every GPU type sorted, with availability and price bars, filterable by memory", async () => {
      runpod.keys.set(key, "valid");
      fake.keys.set(canary, "valid");
      const p = await admin();
      await signUp(p, baseUrl, `rachael-${stamp}@example.test`);
      await createOrg(p, "Tyrell", slug);
      await p.goto(`${baseUrl}/${slug}/integrations/runpod`);
      await p.getByLabel("API key").fill(key);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();
      await expect(p.getByRole("link", { name: "Serverless endpoints and GPU prices" })).toBeVisible();
      await p.goto(`${baseUrl}/${slug}/integrations/openai`);
      await p.getByLabel("API key").fill(canary);
      await p.getByRole("button", { name: "Verify and save" }).click();
      await expect(p.getByText("Verified and saved.")).toBeVisible();

      await p.goto(`${baseUrl}/${slug}/integrations/runpod`);
      await p.getByRole("link", { name: "Serverless endpoints and GPU prices" }).click();
      await p.waitForURL(/\/deployments\/runpod$/);
      const rows = p.locator("tr[data-gpu]");
      await expect(rows).toHaveCount(7);
      await expect(rows.first().locator("th", { hasText: "RTX 3070" })).toBeVisible();
      await expect(p.locator('tr[data-gpu="NVIDIA H100 80GB HBM3"]').getByText("None", { exact: true })).toBeVisible();
      await p.getByLabel("Memory at least").selectOption("48");
      await expect(rows).toHaveCount(3);
      await p.getByLabel("Memory at least").selectOption("0");
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, "60-runpod-gpu-panel");
    }],
    ["choosing a GPU fills the form; the endpoint is created with the vault's key and becomes ready live", async () => {
      const p = await admin();
      await p.getByRole("button", { name: "Use RTX 4090 for the endpoint" }).click();
      await expect(p.getByText(/GPU: RTX 4090, 24 GB, \$0\.31 per GPU-hour/)).toBeVisible();
      await p.getByLabel("Endpoint name").fill("whisper-e2e");
      await p.getByLabel("A container image").check();
      await p.getByRole("textbox", { name: "Container image" }).fill("runpod/worker-whisper:1.0");
      await p.getByLabel(/OpenAI "default"/).check();
      await p.getByRole("button", { name: "Create endpoint" }).click();
      await expect(p.getByText("Endpoint whisper-e2e created at RunPod; Switchboard is following its workers.")).toBeVisible();
      const sent = runpod.requests.find((r) => r.method === "POST" && r.path === "/v2/serverless");
      if (!sent) throw new Error("RunPod was never asked to create the endpoint");
      const body = JSON.parse(sent.body) as { env: Record<string, string>; gpu: { pools: string[]; excludedTypes: string[] } };
      if (body.env.OPENAI_API_KEY !== canary) throw new Error("the endpoint's env did not carry the vault's OpenAI key");
      if (body.gpu.pools[0] !== "ADA_24" || body.gpu.excludedTypes.join() !== "NVIDIA L4") throw new Error(`GPU not pinned: ${JSON.stringify(body.gpu)}`);
      // No reload: the page follows the org's event stream as the worker reads the workers.
      const row = p.locator('[data-endpoint="whisper-e2e"]');
      await row.locator('[data-state="ready"]').waitFor({ state: "visible", timeout: 30_000 });
      await expect(row.getByText("(idle)")).toBeVisible();
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, "61-runpod-endpoint-ready");
      // Its deployment page has the history: queued, the workers' lines, ready.
      await row.getByRole("link", { name: "whisper-e2e" }).click();
      await p.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
      await expect(p.getByText("Workers: 1 idle.").first()).toBeVisible();
      await p.goBack();
      await p.waitForURL(/\/deployments\/runpod$/);
    }],
    ["on a 375 px phone the page with its endpoints, GPU table and form does not scroll sideways (the table scrolls in its panel)", async () => {
      const p = await admin();
      await p.setViewportSize({ width: 375, height: 812 });
      try {
        await p.reload();
        await expect(p.locator('[data-endpoint="whisper-e2e"]')).toBeVisible();
        const problems = await overflow(p);
        if (problems.length) throw new Error(problems.join("\n"));
        const table = await p.locator("tr[data-gpu]").first().evaluate((row) => {
          const scroller = row.closest("table")!.parentElement!;
          return { scrollable: scroller.scrollWidth > scroller.clientWidth, right: scroller.getBoundingClientRect().right };
        });
        if (!table.scrollable || table.right > 375) throw new Error(`the GPU table does not scroll inside its panel: ${JSON.stringify(table)}`);
        // The endpoint's name keeps a line of its own (a squeezed column broke it a letter or two a line).
        const nameLines = await p.locator('[data-endpoint="whisper-e2e"]').getByRole("link", { name: "whisper-e2e" }).evaluate((a) => a.getClientRects().length);
        if (nameLines !== 1) throw new Error(`the endpoint's name wraps over ${nameLines} lines at 375 px`);
        await shot(p, "62-runpod-phone");
      } finally {
        await p.setViewportSize({ width: 1440, height: 900 });
      }
    }],
    ["deleting the endpoint removes it at RunPod and says so", async () => {
      const p = await admin();
      const row = p.locator('[data-endpoint="whisper-e2e"]');
      await row.getByRole("button", { name: "Delete whisper-e2e" }).click();
      await row.getByRole("button", { name: "Confirm: delete whisper-e2e at RunPod" }).click();
      await expect(row.getByRole("button", { name: "Delete whisper-e2e" })).toHaveCount(0);
      await expect(row.getByText("(deleted)")).toBeVisible();
      if (runpod.endpoints.size !== 0) throw new Error("the endpoint is still at RunPod");
    }],
  ];
};
