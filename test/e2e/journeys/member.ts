import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/** An owner invites a teammate as a member; the member sees statuses and no way to change them. */
export const memberJourney: Journey = ({ baseUrl, page, shot }) => {
  const stamp = Date.now();
  const memberEmail = `grace-${stamp}@example.test`;
  const slug = `globex-${stamp}`;
  return [
    ["an owner invites a teammate, who joins with the code as a member", async () => {
      const member = await page("member");
      await signUp(member, baseUrl, memberEmail);
      const owner = await page("owner");
      await signUp(owner, baseUrl, `linus-${stamp}@example.test`);
      await createOrg(owner, "Globex", slug);
      await owner.goto(`${baseUrl}/${slug}/settings/members`);
      await owner.getByLabel("Who is it for").fill("Grace (ops)");
      await owner.getByRole("button", { name: "Create invite code" }).click();
      const codeField = owner.getByLabel("Invite code", { exact: true });
      await expect(codeField).toBeVisible();
      const code = await codeField.inputValue();
      await expect(owner.locator('[data-invite="Grace (ops)"]')).toBeVisible();

      await member.goto(`${baseUrl}/orgs/new`);
      await member.getByRole("link", { name: "Join with an invite code" }).click();
      await member.waitForURL(/\/orgs\/join$/);
      await member.getByLabel("Invite code").fill(`sbi_${"A".repeat(32)}`);
      await member.getByRole("button", { name: "Join" }).click();
      await expect(member.getByText(/That code cannot be used/)).toBeVisible();
      await member.getByLabel("Invite code").fill(code);
      await member.getByRole("button", { name: "Join" }).click();
      await member.waitForURL(new RegExp(`/${slug}/integrations$`));

      await owner.reload();
      await expect(owner.locator(`[data-member="${memberEmail}"]`)).toBeVisible();
      await expect(owner.locator("[data-invite]")).toHaveCount(0);
      await shot(owner, "20-members");
    }],
    ["the member sees statuses but no form, no actions and no audit trail", async () => {
      const member = await page("member");
      await member.goto(`${baseUrl}/${slug}/integrations`);
      await expect(member.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "NOT_CONFIGURED");
      await member.locator('[data-provider="openai"]').click();
      await expect(member.getByText(/Members can see statuses/)).toBeVisible();
      await expect(member.getByRole("button", { name: "Verify and save" })).toHaveCount(0);
      await shot(member, "21-member-provider-page");
      await member.goto(`${baseUrl}/${slug}/settings/integrations`);
      await expect(member.getByRole("heading", { name: "Credentials", exact: true })).toBeVisible();
      await member.goto(`${baseUrl}/${slug}/settings/audit`);
      await expect(member.getByText("Only owners and admins read the audit log")).toBeVisible();
      await expect(member.locator("[data-audit]")).toHaveCount(0);
    }],
    ["at 375 px the owner makes the member an admin and back; the member's own request shows on the provider page, its reason typed by them", async () => {
      const owner = await page("owner");
      await owner.setViewportSize({ width: 375, height: 800 });
      await owner.goto(`${baseUrl}/${slug}/settings/members`);
      const changeRole = async (to: "Admin" | "Member", confirm: string) => {
        await owner.getByRole("button", { name: `Change role of ${memberEmail}` }).click();
        const dialog = owner.getByRole("dialog", { name: `Change the role of ${memberEmail}?` });
        await dialog.getByRole("radio", { name: new RegExp(`^${to}`) }).check();
        await dialog.getByRole("button", { name: confirm }).click();
        await expect(owner.locator(`[data-member="${memberEmail}"]`).getByText(to.toLowerCase(), { exact: true })).toBeVisible();
      };
      await changeRole("Admin", "Make them an admin");
      const wide = await owner.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 375) throw new Error(`the members page is ${wide} px wide at 375 px`);
      // The last owner is told why they cannot step down.
      await owner.getByRole("button", { name: "Change role (you)" }).click();
      const mine = owner.getByRole("dialog", { name: "Change your role?" });
      await mine.getByRole("radio", { name: /^Member/ }).check();
      await mine.getByRole("button", { name: "Make me a member" }).click();
      await expect(mine.getByRole("alert")).toContainText("An organization needs at least one owner");
      await mine.getByRole("button", { name: "Cancel" }).click();

      const member = await page("member");
      await member.goto(`${baseUrl}/${slug}/integrations/openai`);
      await expect(member.getByRole("button", { name: "Verify and save" })).toBeVisible();
      await changeRole("Member", "Make them a member");
      // No reload: the open page follows the role change by itself (the org layout's live refresh).
      await expect(member.getByText(/Members can see statuses/)).toBeVisible();
      await expect(member.getByRole("button", { name: "Verify and save" })).toHaveCount(0);

      await member.getByRole("button", { name: "Request OpenAI from a teammate" }).click();
      const ask = member.getByRole("dialog", { name: "Request OpenAI from a teammate" });
      await expect(ask.getByLabel("Why is it needed?")).toHaveValue("");
      await ask.getByLabel("Why is it needed?").fill("Embeddings for the docs search");
      await ask.getByRole("button", { name: "Send request" }).click();
      const asked = member.getByRole("region", { name: "Your requests for OpenAI" });
      await expect(asked.getByText("Embeddings for the docs search")).toBeVisible();
      await expect(asked.getByText("Pending", { exact: true })).toBeVisible();
      await owner.setViewportSize({ width: 1280, height: 800 });
    }],
    ["the member forgot their password: the owner gives them a one-time code, and their old session ends", async () => {
      const owner = await page("owner");
      await owner.goto(`${baseUrl}/${slug}/settings/members`);
      await owner.getByRole("button", { name: `Reset password of ${memberEmail}` }).click();
      await owner.getByRole("button", { name: "Create reset code" }).click();
      const codeField = owner.getByLabel("Reset code", { exact: true });
      await expect(codeField).toBeVisible();
      const code = await codeField.inputValue();
      await shot(owner, "22-reset-code");
      await owner.getByRole("button", { name: "Done" }).click();

      const elsewhere = await page("member-new-browser");
      await elsewhere.goto(`${baseUrl}/sign-in`);
      await elsewhere.getByRole("link", { name: "Forgot your password?" }).click();
      await elsewhere.waitForURL(/\/new-password$/);
      await elsewhere.getByLabel("Reset code").fill(code);
      await elsewhere.getByLabel("New password").fill("a new password after forgetting");
      await elsewhere.getByRole("button", { name: "Save password" }).click();
      await elsewhere.waitForURL(/\/sign-in\?password=reset$/);
      await elsewhere.getByLabel("Email").fill(memberEmail);
      await elsewhere.getByLabel("Password").fill("a new password after forgetting");
      await elsewhere.getByRole("button", { name: "Sign in" }).click();
      await elsewhere.waitForURL(new RegExp(`/${slug}/integrations$`));

      // The session the member had before the reset is over; the code is used up.
      const member = await page("member");
      await member.goto(`${baseUrl}/${slug}/integrations`);
      await member.waitForURL(/\/sign-in/);
      await elsewhere.goto(`${baseUrl}/new-password`);
      await elsewhere.getByLabel("Reset code").fill(code);
      await elsewhere.getByLabel("New password").fill("someone else's new password");
      await elsewhere.getByRole("button", { name: "Save password" }).click();
      await expect(elsewhere.getByText(/This reset code does not work/)).toBeVisible();
    }],
    ["someone outside the org gets the not-found page, not its data", async () => {
      const outsider = await page("outsider");
      await signUp(outsider, baseUrl, `eve-${stamp}@example.test`);
      await outsider.goto(`${baseUrl}/${slug}/integrations`);
      await expect(outsider.getByRole("heading", { name: "Nothing here" })).toBeVisible();
      await expect(outsider.locator("[data-provider]")).toHaveCount(0);
    }],
  ];
};
