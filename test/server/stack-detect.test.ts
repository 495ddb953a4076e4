import { describe, expect, it } from "@jest/globals";
import { providerIds } from "@/lib/providers";
import { detectStack } from "@/lib/stack/detect";
import { loadEvalSet, scoreStack } from "../../scripts/bench/stack-score";

const ids = (text: string) => detectStack(text).integrations.map((i) => i.provider);
const one = (text: string, id: string) => detectStack(text).integrations.find((i) => i.provider === id);

describe("stack analyzer, deterministic pass", () => {
  it("reaches precision and recall of at least 0.9 on the evaluation set", () => {
    const cases = loadEvalSet();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const score = scoreStack(cases);
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("marks as optional what the evaluation set says is optional", () => {
    for (const c of loadEvalSet().filter((x) => x.optional)) {
      for (const id of c.optional!) expect(detectStack(c.input).integrations.find((i) => i.provider === id)?.required).toBe(false);
    }
  });

  it("proposes only catalog ids, each with a reason, its triggers and a confidence", () => {
    for (const c of loadEvalSet()) {
      for (const i of detectStack(c.input).integrations) {
        expect(providerIds).toContain(i.provider);
        expect(i.reason.length).toBeGreaterThan(10);
        expect(i.triggers.length).toBeGreaterThan(0);
        expect(i.confidence).toBeGreaterThan(0);
        expect(i.confidence).toBeLessThan(1);
      }
    }
  });

  it("reads a whole package.json by its dependencies, not by words elsewhere in it", () => {
    const text = JSON.stringify({ name: "stripe-clone", scripts: { deploy: "vercel deploy" }, dependencies: { "@anthropic-ai/sdk": "^0.30.0", "@aws-sdk/client-s3": "^3" } });
    const r = detectStack(text);
    expect(r.input).toBe("package.json");
    expect(r.integrations.map((i) => i.provider)).toEqual(["anthropic", "aws"]);
    expect(one(text, "aws")?.reason).toContain("The package.json depends on @aws-sdk/client-s3");
  });

  it("reads .env.example names, with framework prefixes, and ignores the values", () => {
    const r = detectStack("NEXT_PUBLIC_SUPABASE_URL=https://x.supabase.co\nDEMO_NOTE=we might use stripe later\nGROQ_API_KEY=\n");
    expect(r.input).toBe(".env");
    expect(r.integrations.map((i) => i.provider)).toEqual(["groq", "supabase"]);
  });

  it("skips negated mentions but keeps the replacement", () => {
    expect(ids("We are replacing SendGrid with Resend for transactional email.")).toEqual(["resend"]);
    expect(ids("No payments for now. Auth with Supabase.")).toEqual(["supabase"]);
    expect(ids("We don't need Twilio.")).toEqual([]);
  });

  it("does not take everyday words for services", () => {
    expect(ids("Replicate the data to a second region and plot a linear regression. The code is on GitHub.")).toEqual([]);
    expect(ids("A flag with a red stripe, and the notion of a slack schedule.")).toEqual([]);
    expect(ids("Users can resend the invite link.")).toEqual([]);
    expect(ids("Built with the Vercel AI SDK.")).toEqual([]);
    expect(ids("R2 is S3-compatible storage from Cloudflare.")).toEqual(["cloudflare"]);
  });

  it("offers alternatives as optional with a lower confidence, and named providers as required", () => {
    const r = detectStack("The app sends transactional emails and takes payments.");
    const byId = Object.fromEntries(r.integrations.map((i) => [i.provider, i]));
    expect(Object.keys(byId).sort()).toEqual(["resend", "sendgrid", "stripe"]);
    expect(byId.resend.required).toBe(false);
    expect(byId.stripe.required).toBe(true);
    expect(byId.resend.confidence).toBeLessThan(byId.stripe.confidence);
    expect(byId.stripe.triggers).toEqual(["takes payments"]);
    expect(ids("Transactional email through Resend.")).toEqual(["resend"]);
    expect(one("Maybe later we add Stripe.", "stripe")?.required).toBe(false);
  });
});
