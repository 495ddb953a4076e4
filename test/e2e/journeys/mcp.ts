import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "../expect";
import { createAgentInSettings, grantDefaultInSettings } from "./agents";
import { createOrg, signUp, type Journey } from "./types";

const CLIENT = path.resolve("scripts/mcp-client.ts");

async function until(what: string, check: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`expected ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Agents over MCP (issue 15): an admin creates an agent and grants it OpenAI read-only in
 * Settings, Agents; an MCP client (scripts/mcp-client.ts, the official SDK, declaring URL
 * elicitation) calls call_provider, is told the org has no OpenAI key and given the approval page;
 * the link asks a stranger to sign in; the admin, whose integrations page is open, sees the request
 * arrive without a reload, adds the key in its dialog, and the client hears the elicitation
 * complete, calls again and gets OpenAI's answer, never the key.
 */
export const mcpJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `mcp-${stamp}`;
  const openaiKey = `sk-proj-MCP${"Vx5q".repeat(15)}T3BlbkFJ${"Rt6m".repeat(15)}`;
  let token = "";
  let child: ChildProcess | null = null;
  const out = { stdout: "", stderr: "", code: null as number | null };
  let exited: Promise<number | null> = Promise.resolve(null);
  let link = "";
  return [
    ["an admin creates an agent in Settings, Agents and grants it OpenAI read-only; its token is shown once", async () => {
      fake.keys.set(openaiKey, "valid");
      const admin = await page("mcp-admin");
      await signUp(admin, baseUrl, `ada-mcp-${stamp}@example.test`);
      await createOrg(admin, "Lovelace Labs", slug);
      let agentUrl: string;
      ({ token, agentUrl } = await createAgentInSettings(admin, baseUrl, slug, "release-bot"));
      await admin.goto(agentUrl);
      await grantDefaultInSettings(admin, "OpenAI", ["proxy"], "Read only (GET and HEAD)");
      await shot(admin, "80-agent-created");
    }],
    ["the MCP client calls call_provider, hits the missing OpenAI key and prints the approval page, which carries no secret", async () => {
      const admin = await page("mcp-admin");
      await admin.goto(`${baseUrl}/${slug}/integrations`);
      await expect(admin.locator("#requests")).toHaveCount(0);
      await admin.evaluate(() => void ((window as unknown as { __stillHere?: boolean }).__stillHere = true));
      const args = JSON.stringify({ provider: "openai", method: "GET", path: "/v1/models" });
      child = spawn(process.execPath, ["--import", "tsx", CLIENT, `${baseUrl}/api/mcp`, "call_provider", args], {
        env: { ...process.env, SWITCHBOARD_AGENT_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (d) => (out.stdout += d));
      child.stderr!.on("data", (d) => (out.stderr += d));
      exited = new Promise((resolve) => child!.on("exit", (code) => resolve((out.code = code))));
      await until(`the client to print the approval page; it printed ${JSON.stringify(out)}`, () => /open (\S+) \(waiting/.test(out.stderr));
      link = /open (\S+) \(waiting/.exec(out.stderr)![1];
      if (!new RegExp(`/${slug}/requests/[0-9a-f-]{36}$`).test(new URL(link).pathname) || new URL(link).search) throw new Error(`unexpected approval page ${link}`);
      if (link.includes(token.split("_")[2])) throw new Error("the approval page carries the agent's token");
    }],
    ["the approval page asks whoever opens it to sign in", async () => {
      const stranger = await page("mcp-stranger");
      // The link names this machine by APP_URL or localhost; the test server listens on 127.0.0.1.
      await stranger.goto(`${baseUrl}${new URL(link).pathname}`);
      await stranger.waitForURL(/\/sign-in/);
    }],
    ["the admin sees the request live, adds the key in its dialog, and the client's call completes with OpenAI's answer", async () => {
      const admin = await page("mcp-admin");
      try {
        const panel = admin.locator("#requests");
        await expect(panel.getByText(/Asked by Agent release-bot/)).toBeVisible();
        if (!(await admin.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere))) throw new Error("the admin's page reloaded");
        await shot(admin, "81-agent-request-live");
        await admin.getByRole("button", { name: "Add credentials: OpenAI" }).click();
        const dialog = admin.getByRole("dialog", { name: "Add OpenAI credentials" });
        await dialog.getByLabel("API key").fill(openaiKey);
        await dialog.getByRole("button", { name: "Verify and save" }).click();
        const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
        if (code !== 0) throw new Error(`the MCP client ended with ${code}: ${JSON.stringify(out)}`);
        if (!out.stderr.includes("complete; calling call_provider again")) throw new Error(`the client did not hear the completion: ${out.stderr}`);
        const result = JSON.parse(out.stdout) as { content: { text: string }[] };
        if (!result.content[0].text.startsWith("HTTP 200") || !result.content[0].text.includes("gpt-4o-mini")) throw new Error(`unexpected result ${out.stdout}`);
        if ((out.stdout + out.stderr).includes(openaiKey)) throw new Error("the MCP client received the key");
        await expect(admin.locator("#requests")).toHaveCount(0);
      } finally {
        if (child && child.exitCode === null) child.kill("SIGKILL");
      }
    }],
  ];
};
