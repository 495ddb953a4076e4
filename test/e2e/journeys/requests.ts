import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "../expect";
import { headerProblems } from "../inspect";
import { createOrg, signUp, type Journey } from "./types";

const CLI = path.resolve("bin/switchboard.mjs");
// run.ts's screenshot folder: these element shots are the README's (docs/screenshots/requests-*.png).
const SCREENSHOTS = path.resolve("test-results/e2e-screenshots");
const clip = (target: Locator | Page, name: string) => target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
/** An element as it sits on the full page, so the sticky header does not cover its top. */
async function clipOnPage(p: Page, target: Locator, name: string) {
  await p.evaluate(() => window.scrollTo(0, 0));
  const box = await target.boundingBox();
  if (!box) throw new Error(`${target} is not on the page`);
  await p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, clip: box });
}

/** A process's output so far and its exit, for the waiting client. */
function follow(child: ChildProcess) {
  // both: the two streams in the order they arrived, as a terminal shows them.
  const out = { stdout: "", stderr: "", both: "", code: null as number | null };
  child.stdout!.on("data", (d) => { out.stdout += d; out.both += d; });
  child.stderr!.on("data", (d) => { out.stderr += d; out.both += d; });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve((out.code = code))));
  return { out, exited };
}

async function until(what: string, check: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`expected ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const markStill = (p: Page) => p.evaluate(() => void ((window as unknown as { __stillHere?: boolean }).__stillHere = true));
async function assertNoReload(p: Page, who: string) {
  if (!(await p.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere))) throw new Error(`the page of ${who} reloaded`);
}

/** A terminal-looking page with the waiting client's output, for the README's screenshot. */
const terminalHtml = (command: string, output: string) => {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<!doctype html><body style="margin:0;background:#0a0a0b"><pre style="margin:24px;padding:20px 24px;border:1px solid #27272a;border-radius:12px;background:#111113;color:#e4e4e7;font:14px/1.6 ui-monospace,Menlo,monospace;white-space:pre-wrap"><span style="color:#a1a1aa">$</span> ${esc(command)}\n${esc(output)}</pre></body>`;
};

/**
 * Credential requests, live (issue 14): a build asks through the REST API with `switchboard
 * wait-for`; the admin's open integrations page shows the request without a reload; the admin
 * adds the key from the acquisition dialog; the waiting client exits 0, and a member's browser
 * sees the tile turn VALID live. Then the member describes an app in the stack analyzer and
 * "Request all missing" files one request per missing provider, which the admin's panel shows.
 */
export const requestsJourney: Journey = ({ baseUrl, page, shot, fake }) => {
  const stamp = Date.now();
  const slug = `pied-${stamp}`;
  const memberEmail = `dinesh-${stamp}@example.test`;
  const openaiKey = `sk-proj-REQ${"Qw4e".repeat(15)}T3BlbkFJ${"Lp8z".repeat(15)}`;
  let apiKey = "";
  return [
    ["an admin makes a request-scoped API key and a teammate joins as a member, shown on the admin's members page without a reload", async () => {
      fake.keys.set(openaiKey, "valid");
      const member = await page("req-member");
      await signUp(member, baseUrl, memberEmail);
      const admin = await page("req-admin");
      await signUp(admin, baseUrl, `richard-${stamp}@example.test`);
      await createOrg(admin, "Pied Piper", slug);
      await admin.goto(`${baseUrl}/${slug}/settings/api-keys`);
      await admin.getByLabel("Name").fill("ci build");
      await admin.locator('input[name="scope.read"]').uncheck();
      await admin.locator('input[name="scope.request"]').check();
      await admin.getByRole("button", { name: "Create key" }).click();
      const field = admin.getByLabel("New API key");
      await expect(field).toBeVisible();
      apiKey = await field.inputValue();
      if (!/^sbk_/.test(apiKey)) throw new Error("no API key was shown");

      await admin.goto(`${baseUrl}/${slug}/settings/members`);
      await admin.getByLabel("Who is it for").fill("Dinesh");
      await admin.getByRole("button", { name: "Create invite code" }).click();
      const codeField = admin.getByLabel("Invite code", { exact: true });
      await expect(codeField).toBeVisible();
      const code = await codeField.inputValue();
      await markStill(admin);
      await member.goto(`${baseUrl}/orgs/join`);
      await member.getByLabel("Invite code").fill(code);
      await member.getByRole("button", { name: "Join" }).click();
      await member.waitForURL(new RegExp(`/${slug}/integrations$`));
      // The admin's members page follows the org's stream: the new member shows, and the used invite goes.
      await expect(admin.locator(`[data-member="${memberEmail}"]`)).toBeVisible();
      await expect(admin.locator("[data-invite]")).toHaveCount(0);
      await assertNoReload(admin, "the admin");
    }],
    ["`switchboard wait-for` asks through the API; the request appears on the admin's open page without a reload; the key added in the dialog fulfils it, the client exits 0 and the member's tile turns VALID live", async () => {
      const admin = await page("req-admin");
      await admin.goto(`${baseUrl}/${slug}/integrations`);
      await expect(admin.locator("#requests")).toHaveCount(0);
      await markStill(admin);
      const member = await page("req-member");
      await member.goto(`${baseUrl}/${slug}/integrations`);
      await expect(member.locator('[data-provider="openai"] [data-status]').first()).toHaveAttribute("data-status", "NOT_CONFIGURED");
      await markStill(member);

      const reason = "The nightly eval build embeds the docs with OpenAI";
      const args = ["wait-for", "openai", "--reason", reason, "--org", slug, "--url", baseUrl, "--label", "nightly-evals", "--env", "OPENAI_API_KEY"];
      const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, SWITCHBOARD_API_KEY: apiKey }, stdio: ["ignore", "pipe", "pipe"] });
      const { out, exited } = follow(child);
      try {
        await until(`the client to print the approval link; it printed ${JSON.stringify(out)}`, () => out.stderr.includes("An admin approves it at:"));
        const link = /approves it at: (\S+)/.exec(out.stderr)![1];
        if (!new URL(link).pathname.startsWith(`/${slug}/requests/`)) throw new Error(`unexpected approval link ${link}`);

        const panel = admin.locator("#requests");
        await expect(panel.getByText(reason)).toBeVisible();
        await expect(admin.getByRole("link", { name: /1 request/ })).toBeVisible();
        await assertNoReload(admin, "the admin");
        await shot(admin, "70-requests-panel");
        await clipOnPage(admin, panel, "readme-requests-panel");
        // The count joins the header's first row, the fullest it gets: at 375 px it must still sit
        // beside the org and Sign out, each on one line.
        await admin.setViewportSize({ width: 375, height: 812 });
        const header = await headerProblems(admin);
        await shot(admin, "70-requests-header-375");
        await admin.setViewportSize({ width: 1440, height: 900 });
        if (header.length) throw new Error(`the header with a request count at 375 px:\n${header.join("\n")}`);

        await admin.getByRole("button", { name: "Add credentials: OpenAI" }).click();
        const dialog = admin.getByRole("dialog", { name: "Add OpenAI credentials" });
        await expect(dialog.getByRole("link", { name: /Fetch credentials/ })).toBeVisible();
        if ((await dialog.getByRole("link", { name: /Fetch credentials/ }).getAttribute("target")) !== "_blank") throw new Error("Fetch credentials does not open a new window");
        await dialog.getByLabel("API key").fill(openaiKey);
        await shot(admin, "71-acquisition-dialog");
        await clip(dialog, "readme-acquisition-dialog");
        await dialog.getByRole("button", { name: "Verify and save" }).click();

        const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
        if (code !== 0) throw new Error(`the waiting client ended with ${code}: ${JSON.stringify(out)}`);
        if (!out.stdout.includes('fulfilled: OpenAI credential "default" (OPENAI_API_KEY')) throw new Error(`unexpected output ${JSON.stringify(out.stdout)}`);
        if (out.stdout.includes(openaiKey) || out.stderr.includes(openaiKey)) throw new Error("the waiting client printed the key");

        // The panel empties and the badge goes once the request is fulfilled, still without a reload.
        await expect(admin.locator("#requests")).toHaveCount(0);
        await assertNoReload(admin, "the admin");
        await expect(member.locator('[data-provider="openai"] [data-status]').first()).toHaveAttribute("data-status", "VALID");
        await assertNoReload(member, "the member");
        await shot(member, "72-member-tile-valid-live");

        const terminal = await page("req-terminal");
        await terminal.setViewportSize({ width: 1100, height: 260 });
        await terminal.setContent(terminalHtml(`SWITCHBOARD_API_KEY=sbk_… switchboard ${args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`, `${out.both}$ echo $?\n0`));
        await clip(terminal, "readme-wait-for-client");
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    }],
    ["a member describes the app; the analyzer shows tiles by category and \"Request all missing\" files one request per missing provider, on the admin's panel", async () => {
      const member = await page("req-member");
      await member.goto(`${baseUrl}/${slug}/integrations`);
      await member.getByLabel("Description, package.json or .env.example").fill(
        "A SaaS for podcast teams: subscriptions billed with Stripe, transcripts summarised with OpenAI, and a weekly digest email sent through Resend.",
      );
      await member.getByRole("button", { name: "Analyze" }).click();
      const tiles = member.locator(".stack-tile");
      await expect(tiles).toHaveCount(3, { atLeast: true });
      for (const id of ["stripe", "openai", "resend"]) await expect(member.locator(`.stack-tile[data-provider="${id}"]`)).toBeVisible();
      // OpenAI was added above: its tile says so and offers no request.
      await expect(member.locator('.stack-tile[data-provider="openai"]').getByRole("link", { name: "View" })).toBeVisible();
      await shot(member, "74-stack-tiles");
      await clipOnPage(member, member.locator("section[aria-labelledby=stack-title]"), "readme-stack-tiles");

      const admin = await page("req-admin");
      await admin.goto(`${baseUrl}/${slug}/integrations`);
      await markStill(admin);
      await member.getByRole("button", { name: /^Request all missing/ }).click();
      const ask = member.getByRole("dialog", { name: /^Request \d+ credentials from a teammate$/ });
      await ask.getByLabel("Why is it needed?").fill("The podcast app bills with Stripe and mails the digest through Resend.");
      await ask.getByRole("button", { name: "Send request" }).click();
      await expect(member.getByText(/Asked the admins for \d+ credentials/)).toBeVisible();

      const panel = admin.locator("#requests");
      for (const name of ["Stripe", "Resend"]) await expect(panel.getByRole("button", { name: `Add credentials: ${name}` })).toBeVisible();
      await expect(panel.getByRole("button", { name: "Add credentials: OpenAI" })).toHaveCount(0);
      await expect(panel.getByText(`Asked by ${memberEmail}`).first()).toBeVisible();
      await expect(panel.getByText("The podcast app bills with Stripe and mails the digest through Resend.").first()).toBeVisible();
      await assertNoReload(admin, "the admin");
    }],
    ["on a provider page a member cannot set up, \"Request from a teammate\" files one request with the member's reason (asking again is coalesced); the header's count and the audit page of an admin elsewhere follow live", async () => {
      const member = await page("req-member");
      await member.goto(`${baseUrl}/${slug}/integrations/twilio`);
      await expect(member.getByText(/Members can see statuses/)).toBeVisible();
      const ask = async (reason: string) => {
        await member.getByRole("button", { name: "Request Twilio from a teammate" }).click();
        const dialog = member.getByRole("dialog", { name: "Request Twilio from a teammate" });
        await dialog.getByLabel("Why is it needed?").fill(reason);
        await dialog.getByRole("button", { name: "Send request" }).click();
      };
      // The admin is elsewhere in the org: the header's count follows the stream on every page.
      const admin = await page("req-admin");
      await admin.goto(`${baseUrl}/${slug}/settings/audit`);
      await expect(admin.getByRole("link", { name: "2 requests" })).toBeVisible();
      // OpenAI's (from the API), Stripe's and Resend's.
      await expect(admin.locator('[data-audit="request.create"]')).toHaveCount(3);
      await markStill(admin);
      await ask("Sign-in codes go out by SMS through Twilio.");
      await expect(member.getByText("Asked the admins for 1 credential.")).toBeVisible();
      await ask("Still need it.");
      await expect(member.getByText(/already asked for this credential/)).toBeVisible();
      await expect(admin.getByRole("link", { name: "3 requests" })).toBeVisible();
      // The audit page's newest events follow the stream too.
      await expect(admin.locator('[data-audit="request.create"]')).toHaveCount(4);
      await assertNoReload(admin, "the admin");
      await admin.getByRole("link", { name: "3 requests" }).click();
      await admin.waitForURL(new RegExp(`/${slug}/integrations#requests$`));
      const panel = admin.locator("#requests");
      await expect(panel.getByText("Sign-in codes go out by SMS through Twilio.")).toBeVisible();
      await expect(panel.getByRole("button", { name: "Add credentials: Twilio" })).toHaveCount(1);
    }],
      ["a request for an OAuth-only provider: the dialog's Connect with Slack opens Nango's Connect UI over it, and the connection fulfils the request", async () => {
      const created = await fetch(`${baseUrl}/api/v1/requests/${slug}`, {
        method: "POST", headers: { "X-API-Key": apiKey, "Content-Type": "application/json" },
        body: JSON.stringify({ provider: "slack", reason: "The release bot posts to #launches" }),
      });
      const { request } = (await created.json()) as { request: { id: string } };
      if (created.status !== 201) throw new Error(`create answered ${created.status}`);
      const admin = await page("req-admin");
      await admin.goto(`${baseUrl}/${slug}/integrations`);
      await admin.getByRole("button", { name: "Add credentials: Slack" }).click();
      const dialog = admin.getByRole("dialog", { name: "Add Slack credentials" });
      await dialog.getByRole("button", { name: "Connect with Slack" }).click();
      await admin.frameLocator("iframe#connect-ui").getByRole("button", { name: "Connect", exact: true }).click();
      await expect(admin.getByRole("button", { name: "Add credentials: Slack" })).toHaveCount(0);
      const res = await fetch(`${baseUrl}/api/v1/requests/${slug}/${request.id}?wait=10`, { headers: { "X-API-Key": apiKey } });
      const body = (await res.json()) as { request: { state: string; credential_name: string } };
      if (body.request.state !== "fulfilled" || body.request.credential_name !== "default") throw new Error(`unexpected ${JSON.stringify(body)}`);
    }],
  ];
};
