/**
 * End to end, as a new user: a production build in embedded mode (PGlite, local key file, local
 * sign-in), Debian's Chromium driven by playwright-core, loopback providers that accept one
 * canary key, and a loopback Nango. Afterwards the canary, Nango's keys and the access tokens it
 * issued must appear in no response, log line or database file.
 * Writes test-results/e2e.json ({ passed, failed }) and screenshots to test-results/e2e-screenshots.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { NANGO_WEBHOOK_PATH } from "../../lib/oauth/messages";
import { startNangoFake } from "../fakes/nango-fake";
import { startPlatformFake } from "../fakes/platform-fake";
import { startProviderFake } from "../fakes/provider-fake";
import { startRunpodFake } from "../fakes/runpod-fake";
import { startStripeFake } from "../fakes/stripe-fake";
import { startVercelFake } from "../fakes/vercel-fake";
import { findCanary } from "./canary";
import { startTwoInstances } from "./two-instances";
import { buildApp, freePort, startApp } from "./server";
import { billingJourney } from "./journeys/billing";
import { deploymentsJourney } from "./journeys/deployments";
import { agentsJourney } from "./journeys/agents";
import { mcpJourney } from "./journeys/mcp";
import { apiAndPullJourney } from "./journeys/api-and-pull";
import { firstRun } from "./journeys/first-run";
import { liveEventsJourney } from "./journeys/live-events";
import { memberJourney } from "./journeys/member";
import { oauthJourney } from "./journeys/oauth";
import { providerDownJourney } from "./journeys/provider-down";
import { requestsJourney } from "./journeys/requests";
import { runpodJourney } from "./journeys/runpod";
import { deploymentsTwoInstancesJourney } from "./journeys/deployments-two-instances";
import { stripeJourney } from "./journeys/stripe";
import { tourJourney } from "./journeys/tour";
import { webhooksJourney } from "./journeys/webhooks";
import { startWebhookReceiver } from "../fakes/webhook-receiver";
import { REBIND_CERT } from "../fakes/tls-fixture";
import { webhookSetupJourney } from "./journeys/webhook-setup";
import { SUPABASE_MODE_KEY, supabaseAuthJourney } from "./journeys/supabase-auth";
import type { Journey, Step } from "./journeys/types";
import { startSupabaseMode } from "./supabase-mode";

const JOURNEYS: Journey[] = [firstRun, memberJourney, providerDownJourney, stripeJourney, apiAndPullJourney, oauthJourney, tourJourney, requestsJourney, runpodJourney, deploymentsJourney, agentsJourney, mcpJourney];

// Every access token the loopback Nango issues starts with this; findCanary looks for its middle.
const NANGO_TOKEN_PREFIX = `gho_NANGOCANARY${"Vb8n".repeat(7)}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RESULTS = path.resolve("test-results");
const SCREENSHOTS = path.join(RESULTS, "e2e-screenshots");
const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

async function report(passed: number, failed: number) {
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, "e2e.json"), JSON.stringify({ passed, failed }));
  console.log(`e2e: ${passed} passed, ${failed} failed`);
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    const required = process.env.REQUIRE_E2E === "1";
    console.error(`\n${"!".repeat(72)}\n!! END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM}.\n!! Install it with: apt-get install chromium${required ? "\n!! REQUIRE_E2E=1, so this is a failure." : ""}\n${"!".repeat(72)}\n`);
    await report(0, required ? 1 : 0);
    process.exit(required ? 1 : 0);
  }
  await rm(SCREENSHOTS, { recursive: true, force: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  console.log(`e2e: screenshots go to ${SCREENSHOTS}`);

  const canary = `sk-proj-CANARY${"x7Q2".repeat(15)}T3BlbkFJ${"Zr9k".repeat(15)}`;
  const fake = await startProviderFake({ keys: { [canary]: "valid" } });
  if (process.env.E2E_SKIP_BUILD !== "1") await buildApp();
  const platformFake = await startPlatformFake();
  // RunPod's REST v2 (and the GraphQL account check) on one origin, as PROVIDER_BASE_URL_RUNPOD gives.
  const runpod = await startRunpodFake();
  // Vercel's REST API (user, token scope, projects, env, deployments, the build events follow stream).
  const vercel = await startVercelFake();
  // A signing key distinct from the secret key, as on Nango environments created after 2026-04-20.
  const nangoSigningKey = `nango-signing-${randomUUID()}`;
  const nango = await startNangoFake({ webhookSigningKey: nangoSigningKey, accessTokenPrefix: NANGO_TOKEN_PREFIX });
  // Outgoing webhooks reach a loopback receiver at rebind.example: the operator pins that name to
  // 127.0.0.1 and the server trusts the receiver's self-signed certificate (Node's own setting).
  const receiver = await startWebhookReceiver();
  const receiverCa = path.join(RESULTS, "webhook-receiver-ca.pem");
  await mkdir(RESULTS, { recursive: true });
  await writeFile(receiverCa, REBIND_CERT);
  const appEnv = {
    WEBHOOK_PINNED_HOSTS: "rebind.example=127.0.0.1", NODE_EXTRA_CA_CERTS: receiverCa,
    PROVIDER_BASE_URL_OPENAI: fake.url, PROVIDER_BASE_URL_ANTHROPIC: fake.url, PROVIDER_BASE_URL_GCP: fake.url,
    PROVIDER_BASE_URL_STRIPE: platformFake.url, PROVIDER_BASE_URL_RUNPOD: runpod.url, PROVIDER_BASE_URL_VERCEL: vercel.url,
    NANGO_SECRET_KEY: nango.secretKey, NANGO_WEBHOOK_SIGNING_KEY: nangoSigningKey, NANGO_HOST: nango.url, NANGO_PUBLIC_CONNECT_URL: nango.connectUiUrl,
  };
  const app = await startApp(appEnv);
  // What an operator sets in Nango's environment settings once Switchboard's address is known.
  nango.webhookUrl = `${app.url}${NANGO_WEBHOOK_PATH}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const bodies: { url: string; body: string }[] = [];
  let passed = 0;
  let failed = 0;
  try {
    const contexts = new Map<string, { context: BrowserContext; page: Page }>();
    // One browser context per person; every document, RSC payload and action response it receives is kept.
    const pageFor = async (person: string) => {
      let entry = contexts.get(person);
      if (!entry) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        page.on("response", async (res) => {
          const type = res.request().resourceType();
          if (type !== "document" && type !== "fetch" && type !== "xhr") return;
          try {
            bodies.push({ url: res.url(), body: await res.text() });
          } catch { /* redirects have no body */ }
        });
        entry = { context, page };
        contexts.set(person, entry);
      }
      return entry.page;
    };
    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    const runSteps = async (steps: Step[]) => {
      for (const [name, run] of steps) {
        try {
          await run();
          passed++;
          console.log(`  ok   ${name}`);
        } catch (err) {
          failed++;
          console.log(`  FAIL ${name}\n       ${(err as Error).message.split("\n").slice(0, 6).join("\n       ")}`);
          for (const [person, { page }] of contexts) {
            await page.screenshot({ path: path.join(SCREENSHOTS, `failure-${passed + failed}-${person}.png`), fullPage: true }).catch(() => {});
          }
        }
      }
    };
    const ctx = { baseUrl: app.url, canary, page: pageFor, shot, fake, platformFake, nango, runpod, vercel };
    // E2E_ONLY=tourJourney runs one journey while working on it; CI runs them all.
    const only = process.env.E2E_ONLY;
    for (const journey of JOURNEYS.filter((j) => !only || j.name === only)) await runSteps(journey(ctx));
    // Built around the receiver started above, so it is not in JOURNEYS.
    if (!only || only === "webhooksJourney") await runSteps(webhooksJourney(receiver)(ctx));

    // Server mode's sign-in needs PostgreSQL, which CI always has: a second server, on a scratch database.
    const databaseUrl = process.env.DATABASE_URL;
    const wantSupabase = !only || only === "supabaseAuthJourney";
    if (wantSupabase && !databaseUrl) {
      console.log("e2e: the Supabase Auth journey is skipped: it needs PostgreSQL (set DATABASE_URL)");
    } else if (wantSupabase) {
      const supabase = await startSupabaseMode(databaseUrl!, appEnv);
      try {
        await runSteps(supabaseAuthJourney(supabase.auth, supabase.databaseUrl)({ ...ctx, baseUrl: supabase.app.url }));
        // The key stored there, and Supabase's access and refresh tokens (HttpOnly cookies only), appear nowhere else.
        const leaks = new Set<string>();
        for (const secret of [SUPABASE_MODE_KEY, ...supabase.auth.issued.map((t) => t.split(".").at(-1)!)]) {
          for (const leak of await findCanary(secret, { bodies, log: supabase.app.log() })) leaks.add(leak);
        }
        if (leaks.size === 0) passed++;
        else failed++;
        console.log(leaks.size === 0 ? "  ok   server mode's key and Supabase's tokens appear in no response or log line" : `  FAIL server mode's key or Supabase's tokens leaked into: ${[...leaks].join(", ")}`);
      } finally {
        await supabase.stop();
      }
    }

    // Several instances on one PostgreSQL share one event stream: two `next start` processes.
    const wantLive = !only || only === "liveEventsJourney" || only === "deploymentsTwoInstancesJourney";
    if (wantLive && !databaseUrl) {
      console.log("e2e: the two-instance live events journey is skipped: it needs PostgreSQL (set DATABASE_URL)");
    } else if (wantLive) {
      const pair = await startTwoInstances(databaseUrl!, appEnv);
      try {
        if (only !== "deploymentsTwoInstancesJourney") await runSteps(liveEventsJourney(pair.b.url)({ ...ctx, baseUrl: pair.a.url }));
        if (only !== "liveEventsJourney") await runSteps(deploymentsTwoInstancesJourney(pair.b.url)({ ...ctx, baseUrl: pair.a.url }));
        const leaks = await findCanary(canary, { bodies, log: pair.a.log() + pair.b.log() });
        if (leaks.length === 0) passed++;
        else failed++;
        console.log(leaks.length === 0 ? "  ok   the canary key appears in neither instance's responses or log" : `  FAIL the canary key leaked into: ${leaks.join(", ")}`);
      } finally {
        await pair.stop();
      }
    }

    // Billing is off in the app above (the embedded default); a second one has Stripe, the loopback fake.
    // Setup after save shares it: PROVIDER_BASE_URL_STRIPE is the same loopback Stripe, which checks the key and creates webhook endpoints.
    if (!only || only === "billingJourney" || only === "webhookSetupJourney") {
      const stripe = await startStripeFake();
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      // APP_URL: Checkout's success URL and the portal's return URL are built from it, never from the request.
      const billed = await startApp({ ...appEnv, ...stripe.env(), PROVIDER_BASE_URL_STRIPE: stripe.url, APP_URL: origin }, undefined, port);
      stripe.webhookUrl = `${origin}/api/stripe/webhook`;
      try {
        if (only !== "webhookSetupJourney") await runSteps(billingJourney(stripe)({ ...ctx, baseUrl: billed.url }));
        if (only !== "billingJourney") await runSteps(webhookSetupJourney(stripe)({ ...ctx, baseUrl: billed.url }));
        const leaks = new Set<string>();
        // The signing secrets Stripe returned for org endpoints are sealed: never in a response, log line or database file either.
        for (const secret of [stripe.secretKey, stripe.webhookSecret, ...[...stripe.webhookEndpoints.values()].map((e) => e.secret)]) {
          for (const leak of await findCanary(secret, { bodies, log: billed.log(), dataDir: billed.dataDir })) leaks.add(leak);
        }
        // Checkout and portal URLs are single-use: never in the log or the database.
        for (const sessionId of [...stripe.sessions.keys()]) {
          for (const leak of await findCanary(sessionId, { bodies: [{ url: "(not checked: the browser opens these URLs)", body: "" }], log: billed.log(), dataDir: billed.dataDir })) leaks.add(leak);
        }
        if (leaks.size === 0) passed++;
        else failed++;
        console.log(leaks.size === 0 ? "  ok   Stripe's keys appear in no response, log line or database file; session ids in no log or database file" : `  FAIL Stripe's keys or a session id leaked into: ${[...leaks].join(", ")}`);
      } finally {
        await billed.stop();
        await stripe.close();
      }
    }
  } finally {
    await browser.close();
    await app.stop();
    await fake.close();
    await platformFake.close();
    await runpod.close();
    await vercel.close();
    await nango.close();
    await receiver.close();
  }

  // Nango's tokens pass through the server (the .env export fetches one); like its keys, they must never be echoed or kept.
  const secrets: [what: string, secret: string][] = [
    ["the canary key", canary],
    ["Nango's access tokens", NANGO_TOKEN_PREFIX],
    ["Nango's secret key", nango.secretKey],
    ["Nango's webhook signing key", nangoSigningKey],
  ];
  for (const [what, secret] of secrets) {
    const leaks = await findCanary(secret, { bodies, log: app.log(), dataDir: app.dataDir });
    if (leaks.length === 0) {
      passed++;
      console.log(`  ok   ${what} appear${what.endsWith("s") ? "" : "s"} in no response, log line or database file`);
    } else {
      failed++;
      console.log(`  FAIL ${what} leaked into: ${leaks.join(", ")}`);
    }
  }
  await report(passed, failed);
  process.exit(failed ? 1 : 0);
}

main().catch(async (err) => {
  console.error("e2e: crashed:", err);
  await report(0, 1);
  process.exit(1);
});
