import { render, screen } from "@testing-library/react";
import { siStripe, siSupabase } from "simple-icons";
import { BRAND_SLUGS, BrandIcon } from "@/components/ui/brand-icon";
import { BRAND_SPRITE_PATH, brandSprite } from "@/components/ui/brand-icons";
import { MARKS_SPRITE_PATH, marksSprite } from "@/components/ui/marks";

// The drawing only: the tile's aria-label differs per name, so comparing whole tiles would prove nothing.
function markup(name: string, slug: string | null = null) {
  const { container, unmount } = render(<BrandIcon slug={slug} name={name} />);
  const html = container.querySelector("svg")!.innerHTML;
  unmount();
  return html;
}

describe("BrandIcon", () => {
  it("draws a known slug from the sprite, whose symbol is the simple-icons path in white", () => {
    render(<BrandIcon slug="stripe" name="Stripe" />);
    const tile = screen.getByRole("img", { name: "Stripe" });
    const href = tile.querySelector("use")!.getAttribute("href")!;
    expect(href).toBe(`${BRAND_SPRITE_PATH}#si-stripe`);
    const sprite = new DOMParser().parseFromString(brandSprite(), "image/svg+xml");
    const path = sprite.getElementById("si-stripe")!.querySelector("path")!;
    expect(path.getAttribute("d")).toBe(siStripe.path);
    expect(path.getAttribute("fill")).toBe("#ffffff");
    expect(tile).toHaveAttribute("data-brand", "stripe");
  });

  it("knows each brand the providers are expected to use", () => {
    for (const slug of ["anthropic", "googlecloud", "stripe", "supabase", "vercel", "github", "google",
      "huggingface", "netlify", "turso", "openrouter", "replicate", "mistralai", "googlegemini", "resend", "cloudflare"]) {
      expect(BRAND_SLUGS).toContain(slug);
    }
    expect(markup("Supabase", "supabase")).toContain("#si-supabase");
    expect(brandSprite()).toContain(siSupabase.path);
  });

  it("falls back to the geometric mark for a null slug or one simple-icons lacks", () => {
    for (const slug of [null, "openai"]) {
      const { unmount } = render(<BrandIcon slug={slug} name="OpenAI" />);
      const tile = screen.getByRole("img", { name: "OpenAI" });
      expect(tile).toHaveAttribute("data-brand", "fallback");
      // Drawn from the marks sprite: a composition of several shapes there.
      const href = tile.querySelector("use")!.getAttribute("href")!;
      expect(href.startsWith(`${MARKS_SPRITE_PATH}#fb-`)).toBe(true);
      const sprite = new DOMParser().parseFromString(marksSprite(), "image/svg+xml");
      expect(sprite.getElementById(href.split("#")[1])!.querySelectorAll("path, rect, circle").length).toBeGreaterThan(1);
      unmount();
    }
  });

  it("derives the fallback deterministically from the name", () => {
    expect(markup("OpenAI")).toBe(markup("OpenAI"));
    expect(markup("AWS")).toBe(markup("AWS"));
    expect(markup("OpenAI")).not.toBe(markup("AWS"));
  });

  it("varies the fallback across many names", () => {
    const names = ["OpenAI", "AWS", "RunPod", "SendGrid", "Twilio", "Groq", "Cohere", "Microsoft", "Salesforce", "Slack"];
    const variants = new Set(
      names.map((name) => {
        const { unmount } = render(<BrandIcon slug={null} name={name} />);
        const v = screen.getByRole("img", { name }).getAttribute("data-variant");
        unmount();
        return v;
      }),
    );
    expect(variants.size).toBeGreaterThanOrEqual(6);
  });
});
