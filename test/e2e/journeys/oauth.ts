import { parse } from "dotenv";
import type { Page } from "playwright-core";
import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

const CONNECTED = "Connected. GitHub is valid; its tokens stay with Nango.";
const REFRESH_ERROR = "invalid_grant: The refresh token was revoked by the user.";

/**
 * An admin connects GitHub by OAuth through the loopback Nango: the real @nangohq/frontend opens
 * the fake's Connect UI, the fake sends the signed auth webhook to the app, and the page learns
 * the outcome without a reload. Then a failed refresh, a reconnect and a disconnect.
 */
export const oauthJourney: Journey = ({ baseUrl, page, shot, nango }) => {
  const stamp = Date.now();
  const slug = `pied-piper-${stamp}`;
  const email = `richard-${stamp}@example.test`;
  let admin: Page;
  let connectionId = "";
  const connectUI = () => admin.frameLocator("iframe#connect-ui");
  const settingsRow = () => admin.locator('[data-credential="github:default"]');
  // A value on window survives anything but a document load: proof that no reload happened.
  const markDocument = () => admin.evaluate(() => { (window as { e2eMark?: string }).e2eMark = "same document"; });
  const expectSameDocument = async () => {
    if ((await admin.evaluate(() => (window as { e2eMark?: string }).e2eMark)) !== "same document") throw new Error("the page was reloaded");
  };
  const webhooks = (operation: string) => nango.deliveries.filter((d) => d.operation === operation);

  return [
    ["Connect with GitHub opens Nango's Connect UI with a session for this user; Close ends in a message and a retry", async () => {
      admin = await page("oauth-admin");
      await signUp(admin, baseUrl, email);
      await createOrg(admin, "Pied Piper", slug);
      await admin.goto(`${baseUrl}/${slug}/integrations/github`);
      await admin.getByRole("button", { name: "Connect with GitHub" }).click();
      // Shown only once Connect UI has received the session token and Nango has accepted it.
      await expect(connectUI().getByText(`Connect github for ${email}`)).toBeVisible();
      await shot(admin, "oauth-1-connect-ui");
      await connectUI().getByRole("button", { name: "Close" }).click();
      await expect(admin.getByText("You closed the Nango window before connecting GitHub. Nothing was connected.")).toBeVisible();
      await expect(admin.locator("iframe#connect-ui")).toHaveCount(0);
      await expect(admin.getByRole("button", { name: "Try again" })).toBeVisible();
      await shot(admin, "oauth-2-closed");
    }],
    ["a connect session that expires ends in a message and a retry", async () => {
      nango.sessionTtlMs = 1_000;
      try {
        await admin.getByRole("button", { name: "Try again" }).click();
        await expect(admin.getByText("The connect session expired before the sign-in finished. Start again.")).toBeVisible();
      } finally {
        nango.sessionTtlMs = 30 * 60_000;
      }
      await expect(admin.locator("iframe#connect-ui")).toHaveCount(0);
      await expect(admin.getByRole("button", { name: "Try again" })).toBeVisible();
      await shot(admin, "oauth-3-expired");
    }],
    ["retry, Connect: Nango's webhook makes GitHub VALID on the page without a reload", async () => {
      await markDocument();
      await admin.getByRole("button", { name: "Try again" }).click();
      await connectUI().getByRole("button", { name: "Connect", exact: true }).click();
      await expect(admin.getByText(CONNECTED)).toBeVisible();
      await expect(admin.locator('[data-credential="default"] [data-status]')).toHaveAttribute("data-status", "VALID");
      await expect(admin.locator("iframe#connect-ui")).toHaveCount(0);
      // "default" is taken now; a second connection from here would need another name.
      await expect(admin.locator('[data-oauth="github"]').getByLabel("Credential name")).toHaveValue("oauth");
      await expectSameDocument();
      const [created, ...more] = webhooks("creation");
      if (!created || more.length || created.status !== 200) throw new Error(`expected one accepted creation webhook, got ${JSON.stringify(webhooks("creation"))}`);
      connectionId = created.connectionId;
      await shot(admin, "oauth-4-connected");
    }],
    ["the integrations page shows the GitHub tile VALID, connected by the admin", async () => {
      await admin.getByRole("link", { name: "Back to integrations" }).click();
      await admin.waitForURL(new RegExp(`/${slug}/integrations$`));
      const tile = admin.locator('[data-provider="github"]');
      await expect(tile.locator("[data-status]")).toHaveAttribute("data-status", "VALID");
      await expect(tile.getByText(`Connected by ${email}`)).toBeVisible();
      await shot(admin, "oauth-5-integrations");
    }],
    ["the .env export fetches GitHub's token from Nango when it is downloaded", async () => {
      // Outside the page, so the one response meant to hold the token is not among those the canary check reads.
      const res = await admin.context().request.get(`${baseUrl}/${slug}/settings/export/env`);
      const token = nango.connections.get(connectionId)?.accessToken;
      if (res.status() !== 200 || !token || parse(await res.text()).GITHUB_TOKEN !== token) {
        throw new Error(`the .env (${res.status()}) lacks the token Nango holds`);
      }
    }],
    ["settings lists the connection; after Nango's refresh-failure webhook it is INVALID with the reason", async () => {
      await admin.goto(`${baseUrl}/${slug}/settings/integrations`);
      await expect(settingsRow().locator("[data-status]")).toHaveAttribute("data-status", "VALID");
      await expect(settingsRow().getByRole("button", { name: "Reconnect" })).toBeVisible();
      await shot(admin, "oauth-6-settings");
      const status = await nango.failRefresh(connectionId, REFRESH_ERROR);
      if (status !== 200) throw new Error(`the app answered the refresh-failure webhook with ${status}`);
      await admin.reload();
      await expect(settingsRow().locator("[data-status]")).toHaveAttribute("data-status", "INVALID");
      await expect(settingsRow().getByText(new RegExp(REFRESH_ERROR))).toBeVisible();
      await shot(admin, "oauth-7-refresh-failed");
      await admin.goto(`${baseUrl}/${slug}/settings/audit`);
      await expect(admin.locator('[data-audit="oauth.refresh_failed"]')).toHaveCount(1);
      await admin.goto(`${baseUrl}/${slug}/settings/integrations`);
    }],
    ["Reconnect repairs the same connection through Connect UI, VALID again without a reload", async () => {
      await markDocument();
      await settingsRow().getByRole("button", { name: "Reconnect" }).click();
      await expect(connectUI().getByText(`Reconnect github for ${email}`)).toBeVisible();
      await connectUI().getByRole("button", { name: "Connect", exact: true }).click();
      await expect(settingsRow().getByText(CONNECTED)).toBeVisible();
      await expect(settingsRow().locator("[data-status]")).toHaveAttribute("data-status", "VALID");
      await expectSameDocument();
      const overrides = webhooks("override");
      if (overrides.length !== 1 || overrides[0].connectionId !== connectionId || overrides[0].status !== 200) {
        throw new Error(`expected one accepted override webhook for ${connectionId}, got ${JSON.stringify(overrides)}`);
      }
      await shot(admin, "oauth-8-reconnected");
    }],
    ["Disconnect deletes the connection at Nango, then the row; the tile is back to not configured", async () => {
      await settingsRow().getByRole("button", { name: "Disconnect", exact: true }).click();
      await settingsRow().getByRole("button", { name: "Disconnect “default” for good" }).click();
      await expect(admin.getByText("No credentials yet")).toBeVisible();
      await expect(admin.getByRole("list", { name: "Notifications" }).getByText("Disconnected GitHub default")).toBeVisible();
      const deleted = nango.requests.filter((r) => r.method === "DELETE" && r.path === `/connections/${connectionId}?provider_config_key=github`);
      if (deleted.length !== 1 || nango.connections.has(connectionId)) throw new Error("the connection was not deleted at Nango");
      await shot(admin, "oauth-9-disconnected");
      await admin.goto(`${baseUrl}/${slug}/settings/audit`);
      await expect(admin.locator('[data-audit="oauth.disconnect"]')).toHaveCount(1);
      await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Integrations" }).click();
      await expect(admin.locator('[data-provider="github"] [data-status]')).toHaveAttribute("data-status", "NOT_CONFIGURED");
    }],
    ["no connect session token ever appeared in a URL Nango was asked for", async () => {
      if (nango.sessions.length < 4) throw new Error(`expected at least four sessions, saw ${nango.sessions.length}`);
      const leaked = nango.sessions.filter((s) => nango.requests.some((r) => r.path.includes(s.token)));
      if (leaked.length) throw new Error(`${leaked.length} session token(s) travelled in a URL`);
    }],
  ];
};
