import { execFile } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

const run = promisify(execFile);

/** An admin makes an org API key in the UI, then the REST API and `switchboard pull` use it. */
export const apiAndPullJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `hooli-${stamp}`;
  const openaiKey = `sk-proj-PULL${"Hk7j".repeat(15)}T3BlbkFJ${"Mn3b".repeat(15)}`;
  let apiKey = "";
  return [
    ["an admin creates an export-scoped API key, shown once", async () => {
      fake.keys.set(openaiKey, "valid");
      const admin = await page("api-admin");
      await signUp(admin, baseUrl, `gavin-${stamp}@example.test`);
      await createOrg(admin, "Hooli", slug);
      await admin.goto(`${baseUrl}/${slug}/integrations/openai`);
      await admin.getByLabel("API key").fill(openaiKey);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText("Verified and saved.")).toBeVisible();
      await admin.goto(`${baseUrl}/${slug}/settings/api-keys`);
      await admin.getByLabel("Name").fill("laptop");
      await admin.locator('input[name="scope.export"]').check();
      await admin.getByRole("button", { name: "Create key" }).click();
      const field = admin.getByLabel("New API key");
      await expect(field).toBeVisible();
      apiKey = await field.inputValue();
      if (!/^sbk_/.test(apiKey)) throw new Error("no API key was shown");
      await shot(admin, "50-api-key-created");
    }],
    ["the REST API lists the org's integrations with that key, and refuses a wrong one", async () => {
      const ok = await fetch(`${baseUrl}/api/v1/integrations/${slug}`, { headers: { "X-API-Key": apiKey } });
      const body = (await ok.json()) as { providers_configured: string[]; all_valid: boolean };
      if (ok.status !== 200 || !body.providers_configured.includes("OPENAI") || !body.all_valid) throw new Error(`unexpected ${ok.status} ${JSON.stringify(body)}`);
      const bad = await fetch(`${baseUrl}/api/v1/integrations/${slug}`, { headers: { "X-API-Key": `${apiKey.slice(0, -4)}abcd` } });
      if (bad.status !== 401) throw new Error(`a wrong key answered ${bad.status}`);
    }],
    ["the Export page's two commands fetch the pull tool from Switchboard and write the .env (0600, own variables kept)", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "switchboard-pull-"));
      const file = path.join(dir, ".env");
      await writeFile(file, "MY_OWN=kept\n");
      const admin = await page("api-admin");
      await admin.goto(`${baseUrl}/${slug}/settings/export`);
      // Exactly what a developer copies, run in their project folder (with --yes: nobody is there to answer).
      for (const label of [/^Get the tool/, "Pull command"]) {
        const command = await admin.getByLabel(label).inputValue();
        await run("bash", ["-c", label === "Pull command" ? `${command} --yes` : command], { cwd: dir, env: { ...process.env, HOME: dir, SWITCHBOARD_API_KEY: apiKey } });
      }
      const text = await readFile(file, "utf8");
      if (!text.includes("MY_OWN=kept") || !text.includes(openaiKey)) throw new Error("the pulled .env lacks a variable");
      if (((await stat(file)).mode & 0o777) !== 0o600) throw new Error("the .env is not mode 0600");
      if (!(await readFile(path.join(dir, ".gitignore"), "utf8")).includes(".env")) throw new Error(".env was not added to .gitignore");
    }],
    ["the export is on the audit trail", async () => {
      const admin = await page("api-admin");
      await admin.goto(`${baseUrl}/${slug}/settings/audit`);
      await expect(admin.locator('[data-audit="integration.export"]')).toHaveCount(1);
      await shot(admin, "51-audit-export");
    }],
  ];
};
