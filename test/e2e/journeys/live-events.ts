import { expect } from "../expect";
import { createOrg, signUp, type Journey } from "./types";

/**
 * Two `next start` processes on one PostgreSQL (server mode, local sign-in): a person signed in
 * on each. A key saved through instance A reaches the integrations page open on instance B
 * without a reload, through B's own event stream (LISTEN/NOTIFY between the instances).
 * baseUrl is instance A; otherUrl is instance B.
 */
export const liveEventsJourney = (otherUrl: string): Journey => ({ baseUrl, canary, page: pageFor, shot }) => {
  const stamp = Date.now();
  const email = `grace-live-${stamp}@example.test`;
  const slug = `live-${stamp}`;
  return [
    ["instance B streams the org's events to a signed-in member as unbuffered SSE, and refuses anyone else", async () => {
      const a = await pageFor("live-on-a");
      await signUp(a, baseUrl, email);
      await createOrg(a, "Live Labs", slug);
      const b = await pageFor("live-on-b");
      await b.goto(`${otherUrl}/sign-in`);
      await b.getByLabel("Email").fill(email);
      await b.getByLabel("Password").fill("correct horse battery staple");
      await b.getByRole("button", { name: "Sign in" }).click();
      await b.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

      const signedOut = await fetch(`${otherUrl}/api/events/${slug}`);
      if (signedOut.status !== 401) throw new Error(`signed out: expected 401, got ${signedOut.status}`);
      const cookie = (await b.context().cookies(otherUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
      const abort = new AbortController();
      const res = await fetch(`${otherUrl}/api/events/${slug}`, { headers: { cookie }, signal: abort.signal });
      const headers = [res.status, res.headers.get("content-type"), res.headers.get("cache-control"), res.headers.get("x-accel-buffering")];
      if (JSON.stringify(headers) !== JSON.stringify([200, "text/event-stream; charset=utf-8", "no-cache, no-transform", "no"])) {
        throw new Error(`unexpected stream response: ${JSON.stringify(headers)}`);
      }
      // The first block arrives while the stream stays open: nothing between the server and here buffers it.
      const first = await res.body!.getReader().read();
      const text = new TextDecoder().decode(first.value);
      abort.abort();
      if (!text.includes(": connected")) throw new Error(`first block was ${JSON.stringify(text)}`);
    }],
    ["a key saved through instance A turns the tile VALID in the browser on instance B, without a reload", async () => {
      const b = await pageFor("live-on-b");
      await b.goto(`${otherUrl}/${slug}/integrations`);
      await expect(b.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "NOT_CONFIGURED");
      // A reload would drop this marker.
      await b.evaluate(() => void ((window as unknown as { __stillHere?: boolean }).__stillHere = true));

      const a = await pageFor("live-on-a");
      await a.goto(`${baseUrl}/${slug}/integrations/openai`);
      await a.getByLabel("API key").fill(canary);
      await a.getByRole("button", { name: "Verify and save" }).click();
      await expect(a.getByText("Verified and saved.")).toBeVisible();

      await expect(b.locator('[data-provider="openai"] [data-status]')).toHaveAttribute("data-status", "VALID");
      if (!(await b.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere))) throw new Error("the page on B reloaded");
      await shot(b, "60-live-tile-on-second-instance");
    }],
  ];
};
