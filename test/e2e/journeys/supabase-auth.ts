import pg from "pg";
import type { Page } from "playwright-core";
import type { SupabaseAuthFake } from "../../fakes/supabase-auth-fake";
import { expect } from "../expect";
import { inspectPage } from "../inspect";
import { createOrg, type Journey } from "./types";

/**
 * Server mode's sign-in: PostgreSQL and Supabase Auth (a loopback GoTrue with "Confirm email" on
 * and 95-second access tokens), through @supabase/ssr in the proxy, the pages and the actions.
 */
/** The OpenAI key stored in server mode; like the canary, it must appear nowhere after it is pasted. */
export const SUPABASE_MODE_KEY = `sk-proj-SUPABASEMODE${"k3Y9".repeat(14)}T3BlbkFJ${"Qw7e".repeat(15)}`;

/** The session @supabase/ssr keeps in the browser's cookies (possibly in chunks), decoded; all must be HttpOnly. */
async function sessionCookie(page: Page): Promise<{ refresh_token: string; expires_at: number }> {
  const chunks = (await page.context().cookies())
    .filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (chunks.length === 0) throw new Error("no Supabase session cookie");
  const exposed = chunks.filter((c) => !c.httpOnly).map((c) => c.name);
  if (exposed.length > 0) throw new Error(`scripts can read ${exposed.join(", ")}`);
  const value = chunks.map((c) => c.value).join("").replace(/^base64-/, "");
  return JSON.parse(Buffer.from(value, "base64url").toString());
}

export const supabaseAuthJourney = (auth: SupabaseAuthFake, databaseUrl: string): Journey => ({ baseUrl, page: pageFor, shot, fake }) => {
  let page: Page;
  const stamp = Date.now();
  const email = `hedy-${stamp}@example.test`;
  const password = "correct horse battery staple";
  const slug = `hedy-labs-${stamp}`;
  const signIn = async (pw: string) => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(pw);
    await page.getByRole("button", { name: "Sign in" }).click();
  };

  const otherSignUp = async (answer: RegExp) => {
    const other = await pageFor("supabase-other");
    await other.goto(`${baseUrl}/sign-up`);
    await other.getByLabel("Email").fill(email);
    await other.getByLabel("Password").fill("another long password here");
    await other.getByRole("button", { name: "Create account" }).click();
    await expect(other.getByText(answer)).toBeVisible();
  };
  // Any write to a row, even the lock of an upsert that changes nothing, gives it a new xmin or xmax.
  const rowVersion = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<{ v: string }>(`select xmin::text || '/' || xmax::text as v from users where email = $1`, [email])).rows[0]?.v;
    } finally {
      await client.end();
    }
  };

  return [
    ["Supabase Auth: sign-up asks for the emailed confirmation, and sign-in waits for it", async () => {
      page = await pageFor("supabase-user");
      await page.goto(`${baseUrl}/sign-up`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText(/open the link we emailed you to confirm your address/)).toBeVisible();
      await shot(page, "40-supabase-confirm-email");
      // Supabase sends one confirmation a minute per address: a second try in that minute is told to wait.
      await otherSignUp(/Too many sign-up emails have gone out just now/);
      await page.getByRole("link", { name: "Go to sign in" }).click();
      await page.waitForURL(/\/sign-in$/);
      await signIn("not the password at all");
      await expect(page.getByText("That email and password do not match.")).toBeVisible();
      await signIn(password);
      await expect(page.getByText(/Confirm your email address first/)).toBeVisible();
      auth.confirm(email);
      // Once the address is confirmed, someone else signing up with it learns nothing from the answer.
      await otherSignUp(/open the link we emailed you to confirm your address/);
      await signIn(password);
      await page.waitForURL(/\/orgs\/new$/);
    }],
    ["Supabase Auth: the new user creates an org and stores a key the provider accepts", async () => {
      await createOrg(page, "Hedy Labs", slug);
      fake.keys.set(SUPABASE_MODE_KEY, "valid");
      await page.locator('[data-provider="openai"]').click();
      await page.waitForURL(/\/integrations\/openai$/);
      await page.getByLabel("API key").fill(SUPABASE_MODE_KEY);
      await page.getByRole("button", { name: "Verify and save" }).click();
      await expect(page.getByText("Verified and saved.")).toBeVisible();
      await expect(page.locator("[data-credential] [data-status]")).toHaveAttribute("data-status", "VALID");
    }],
    ["Supabase Auth: viewing a page writes nothing to the user's row", async () => {
      const before = await rowVersion();
      await page.goto(`${baseUrl}/${slug}/integrations`);
      await page.goto(`${baseUrl}/orgs/new`);
      if (before === undefined || (await rowVersion()) !== before) throw new Error(`the users row was written to (xmin/xmax ${before})`);
    }],
    ["Supabase Auth: the session lives in HttpOnly cookies, and the proxy rotates it near expiry", async () => {
      const before = await sessionCookie(page);
      // auth-js refreshes within 90 s of expiry, so a 95-second token is due after 5 s.
      await page.waitForTimeout(6_000);
      await page.goto(`${baseUrl}/${slug}/integrations`);
      await expect(page.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "VALID");
      const after = await sessionCookie(page);
      // The old refresh token is spent: unless the browser got the new one, the session would end
      // once the access token expires.
      if (after.refresh_token === before.refresh_token) throw new Error("the browser still holds the spent refresh token");
      if (after.expires_at <= before.expires_at) throw new Error("the access token was not renewed");
    }],
    ["Supabase Auth: signing out ends the session in this browser even while Supabase is down, and copies of it too", async () => {
      // A copy of the session cookies, as a stolen or forgotten browser would hold them.
      const copy = await pageFor("supabase-copied-session");
      await copy.context().addCookies(await page.context().cookies());
      await copy.goto(`${baseUrl}/${slug}/integrations`);
      await expect(copy.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "VALID");
      auth.logoutFailure = 503;
      try {
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.waitForURL(/\/sign-in$/);
      } finally {
        auth.logoutFailure = null;
      }
      const left = (await page.context().cookies()).filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name));
      if (left.length > 0) throw new Error(`still in the browser: ${left.map((c) => c.name).join(", ")}`);
      await page.goto(`${baseUrl}/${slug}/integrations`);
      await page.waitForURL(/\/sign-in\?next=/);
      // Its access token is still within its lifetime, which Supabase alone would honour.
      await copy.goto(`${baseUrl}/${slug}/integrations`);
      await copy.waitForURL(/\/sign-in\?next=/);
      // Supabase was down, so the copy's refresh token was never revoked: once its 95-second token
      // is due (after 5 s) the proxy refreshes it. The new token is fresh, but the session is not.
      await copy.waitForTimeout(6_000);
      await copy.goto(`${baseUrl}/${slug}/integrations`);
      await copy.waitForURL(/\/sign-in\?next=/);
    }],
    ["Supabase Auth: whoever registered an address before its owner is shut out once the owner resets the password", async () => {
      // Supabase keeps the first sign-up's password until the address is confirmed, and the
      // confirmation email goes to the owner: opening it confirms the squatter's password.
      const owned = `grace-${stamp}@example.test`;
      const squatterPassword = "a password the owner never chose";
      const squatter = await pageFor("supabase-squatter");
      await squatter.goto(`${baseUrl}/sign-up`);
      await squatter.getByLabel("Email").fill(owned);
      await squatter.getByLabel("Password").fill(squatterPassword);
      await squatter.getByRole("button", { name: "Create account" }).click();
      await expect(squatter.getByText(/open the link we emailed you/)).toBeVisible();
      auth.confirm(owned);
      const signInAs = async (p: Page, pw: string) => {
        await p.goto(`${baseUrl}/sign-in`);
        await p.getByLabel("Email").fill(owned);
        await p.getByLabel("Password").fill(pw);
        await p.getByRole("button", { name: "Sign in" }).click();
      };
      await signInAs(squatter, squatterPassword);
      await squatter.waitForURL(/\/orgs\/new$/);

      const owner = await pageFor("supabase-owner");
      await owner.goto(`${baseUrl}/sign-in`);
      await owner.getByRole("link", { name: "Forgot your password?" }).click();
      await owner.waitForURL(/\/forgot-password$/);
      await owner.getByLabel("Email").fill(owned);
      await owner.getByRole("button", { name: "Email me a link" }).click();
      await expect(owner.getByText(/If an account uses that address, we have emailed it a link/)).toBeVisible();
      await shot(owner, "41-supabase-reset-requested");
      const link = auth.recoveryLink(owned);
      if (!link) throw new Error("no recovery email went out");
      await owner.goto(link);
      await owner.waitForURL(/\/reset-password$/);
      await inspectPage(owner, "supabase-reset-password", () => owner.goto(`${baseUrl}/reset-password`), shot);
      const save = async (pw: string) => {
        await owner.getByLabel("New password").fill(pw);
        await owner.getByRole("button", { name: "Save password" }).click();
      };
      await save("too short");
      await expect(owner.getByText("Use at least 12 characters.")).toBeVisible();
      await save(squatterPassword);
      await expect(owner.getByText("Choose a password different from your old one.")).toBeVisible();
      await shot(owner, "42-supabase-choose-password");
      await save("the owner's own passphrase");
      await owner.waitForURL(/\/sign-in\?password=changed$/);
      await expect(owner.getByText(/Your password is changed and every session was signed out/)).toBeVisible();
      await signInAs(owner, "the owner's own passphrase");
      await owner.waitForURL(/\/orgs\/new$/);

      // The squatter's refresh token is revoked, and its access token, which Supabase would honour
      // for the rest of its lifetime, is refused by Switchboard from the reset on.
      await squatter.goto(`${baseUrl}/orgs/new`);
      await squatter.waitForURL(/\/sign-in\?next=/);
      await signInAs(squatter, squatterPassword);
      await expect(squatter.getByText("That email and password do not match.")).toBeVisible();
      // The link worked once.
      await owner.goto(link);
      await owner.waitForURL(/\/forgot-password\?link=expired$/);
      await expect(owner.getByText("That link has expired or was already used.", { exact: false })).toBeVisible();
      // The new pages at both widths, with axe-core and the overflow check (the owner is signed in).
      await inspectPage(owner, "supabase-forgot-password", () => owner.goto(`${baseUrl}/forgot-password?link=other-browser`), shot);
      // Signed in with a password, not from a link: the page asks for a link instead.
      await owner.goto(`${baseUrl}/reset-password`);
      await owner.waitForURL(/\/forgot-password\?link=needed$/);
      await inspectPage(owner, "supabase-sign-in", () => owner.goto(`${baseUrl}/sign-in?password=changed`), shot);
    }],
  ];
};
