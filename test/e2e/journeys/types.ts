import type { Page } from "playwright-core";
import type { NangoFake } from "../../fakes/nango-fake";
import type { PlatformFake } from "../../fakes/platform-fake";
import type { ProviderFake } from "../../fakes/provider-fake";
import type { RunpodFake } from "../../fakes/runpod-fake";
import type { VercelFake } from "../../fakes/vercel-fake";

export interface JourneyContext {
  baseUrl: string;
  /** The OpenAI key the loopback provider accepts; it must never be seen again after it is pasted. */
  canary: string;
  /** A page in its own browser context (own cookies) per name: one person each. */
  page(person: string): Promise<Page>;
  /** The loopback OpenAI/Anthropic/Google the app talks to; journeys register keys on it. */
  fake: ProviderFake;
  /** The loopback RunPod/AWS/Cloudflare/Stripe/Supabase/Turso. */
  platformFake: PlatformFake;
  /** The loopback Nango (REST API, Connect UI, signed auth webhooks to the app). */
  nango: NangoFake;
  /** The loopback RunPod REST v2 (GPU catalog, serverless endpoints and their workers). */
  runpod: RunpodFake;
  /** The loopback Vercel REST API (projects, env, deployments, the build events follow stream). */
  vercel: VercelFake;
  /** Full-page screenshot into the run's screenshot folder. */
  shot(page: Page, name: string): Promise<unknown>;
}

export type Step = [name: string, run: () => Promise<void>];

/** A sequence of steps one or more people take, in order. */
export type Journey = (ctx: JourneyContext) => Step[];

/** Signs a new person up and leaves them on the create-org page. */
export async function signUp(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/new/);
}

/** From the create-org page, creates an org with this address and waits for its integrations page. */
export async function createOrg(page: Page, name: string, slug: string) {
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("Address").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL(new RegExp(`/${slug}/integrations$`));
}
