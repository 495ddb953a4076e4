import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { expect } from "../expect";
import { inspectPage } from "../inspect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * In Settings, Agents: creates an agent and returns its token (shown once) and its page's URL.
 * Reusable by later journeys (the MCP client's).
 */
export async function createAgentInSettings(page: Page, baseUrl: string, slug: string, name: string, description = "Reads models through the proxy") {
  await page.goto(`${baseUrl}/${slug}/settings/agents`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Create agent" }).click();
  const field = page.getByLabel("Agent token");
  await expect(field).toBeVisible();
  const token = await field.inputValue();
  if (!/^sba_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/.test(token)) throw new Error("no agent token was shown");
  await page.getByRole("link", { name: "its page" }).click();
  await page.waitForURL(/\/settings\/agents\/[0-9a-f-]{36}$/);
  return { token, agentUrl: page.url() };
}

/** On an agent's page: grants a provider's default (picked from "Add a provider's default") with these operations. */
export async function grantDefaultInSettings(page: Page, providerName: string, ops: ("proxy" | "reveal" | "env")[], preset?: string) {
  const row = page.locator('[data-grant-target="add"], li:has(select[name="target"])').first();
  await row.locator('select[name="target"]').selectOption({ label: providerName });
  for (const op of ops) await row.locator(`input[name="op.${op}"]`).check();
  if (preset) await row.locator('select[name="preset"]').selectOption({ label: preset });
  await row.getByRole("button", { name: "Grant" }).click();
  await expect(page.locator(`li[data-grant-target^="default:"]:has-text("${providerName} · provider default")`)).toBeVisible();
}

/** A call through the agent proxy, as an agent makes it. */
export const proxyCall = (baseUrl: string, token: string, path: string, method = "GET", body?: string) =>
  fetch(`${baseUrl}/api/v1/agent/proxy${path}`, { method, body, headers: { authorization: `Bearer ${token}` }, redirect: "manual" });

/**
 * Agents (issue 15): an admin creates an agent in Settings, Agents and grants it OpenAI read-only
 * before the org has an OpenAI key; the agent's proxied call answers 409 with a credential request
 * and its approval link; the admin adds the key, the same call goes through, and the agent's page
 * shows the call in its usage log.
 */
export const agentsJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  // The most a description may hold (280), with a 100-character word: the agent's page once
  // grew to 678 px in a 375 px viewport around such a word.
  const description = `Reads models through the proxy for the nightly evaluation run; logs at ${"x".repeat(100)} ${"and reports token usage to the platform team. ".repeat(4)}`.slice(0, 280);
  const slug = `hooli-${stamp}`;
  const openaiKey = `sk-proj-AGT${"Mn3b".repeat(15)}T3BlbkFJ${"Vc7x".repeat(15)}`;
  let token = "";
  let agentUrl = "";
  let approvalUrl = "";
  return [
    ["an admin creates an agent in Settings, Agents; its token is shown once", async () => {
      fake.keys.set(openaiKey, "valid");
      const admin = await page("agents-admin");
      await signUp(admin, baseUrl, `gavin-${stamp}@example.test`);
      await createOrg(admin, "Hooli", slug);
      await admin.goto(`${baseUrl}/${slug}/settings/agents`);
      await expect(admin.getByRole("link", { name: "Agents" })).toBeVisible();
      ({ token, agentUrl } = await createAgentInSettings(admin, baseUrl, slug, "model-reader", description));
      await inspectPage(admin, "agent-long-description", () => admin.goto(agentUrl), shot);
      await admin.goto(`${baseUrl}/${slug}/settings/agents`);
      if ((await admin.content()).includes(token)) throw new Error("the token was shown again");
      await expect(admin.locator("[data-agent]")).toHaveCount(1);
    }],
    ["the admin grants it OpenAI read-only before the org has an OpenAI key", async () => {
      const admin = await page("agents-admin");
      await admin.goto(agentUrl);
      await grantDefaultInSettings(admin, "OpenAI", ["proxy"], "Read only (GET and HEAD)");
      await shot(admin, "agents-01-grant");
    }],
    ["the agent's call answers 409 with a credential request; once the key is added the same call goes through", async () => {
      const first = await proxyCall(baseUrl, token, "/openai/v1/models");
      if (first.status !== 409) throw new Error(`expected 409, got ${first.status}`);
      const { error } = await first.json() as { error: { code: string; approval_url: string } };
      if (error.code !== "credential_missing" || !error.approval_url.includes(`/${slug}/requests/`)) throw new Error(`unexpected ${JSON.stringify(error)}`);
      approvalUrl = error.approval_url;
      const denied = await proxyCall(baseUrl, token, "/openai/v1/chat/completions", "POST", "{}");
      if (denied.status !== 403) throw new Error(`a write under a read-only grant answered ${denied.status}`);

      const admin = await page("agents-admin");
      await admin.goto(`${baseUrl}/${slug}/integrations/openai`);
      await admin.getByLabel("API key").fill(openaiKey);
      await admin.getByRole("button", { name: "Verify and save" }).click();
      await expect(admin.getByText("Verified and saved.")).toBeVisible();
      const ok = await proxyCall(baseUrl, token, "/openai/v1/models");
      const text = await ok.text();
      if (ok.status !== 200 || !text.includes("gpt-4o")) throw new Error(`expected the model list, got ${ok.status}`);
      if (text.includes(openaiKey)) throw new Error("the key came back through the proxy");
    }],
    ["the agent's page shows the call in its usage log", async () => {
      const admin = await page("agents-admin");
      await admin.goto(agentUrl);
      await expect(admin.locator('[data-usage="agent.call"]')).toHaveCount(1);
      await expect(admin.locator('[data-usage="agent.refused"]')).toHaveCount(2);
      await shot(admin, "agents-02-usage");
    }],
    // The settings skeleton once streamed first, so an unknown agent answered 200 with the card;
    // an id of 36 hex digits passed the old format checks and failed PostgreSQL's cast as a 500.
    ["an unknown, malformed or other org's id answers 404 with the not-found card on every detail page", async () => {
      const admin = await page("agents-admin");
      const otherSlug = `${slug}-two`;
      await admin.goto(`${baseUrl}/orgs/new`);
      await createOrg(admin, "Hooli Two", otherSlug);
      const ids = [randomUUID(), "not-a-uuid", "ab".repeat(18)];
      const paths = ["settings/agents", "deployments", "requests"].flatMap((section) => ids.map((id) => `/${otherSlug}/${section}/${id}`));
      // The first org's agent and credential request, asked for under the second org.
      paths.push(`/${otherSlug}/settings/agents/${agentUrl.split("/").at(-1)}`, `/${otherSlug}/requests/${approvalUrl.split("/").at(-1)}`);
      const wrong: string[] = [];
      for (const path of paths) {
        const res = await admin.goto(`${baseUrl}${path}`);
        if (res?.status() !== 404) wrong.push(`${path} answered ${res?.status()}`);
        else await expect(admin.getByRole("heading", { name: "Nothing here" })).toBeVisible();
      }
      if (wrong.length) throw new Error(`not 404: ${wrong.join("; ")}`);
    }],
  ];
};
