import { oauthCallbackSetup } from "@/components/webhooks-setup/oauth-callback-urls";
import { providers } from "@/lib/providers";

describe("which provider pages show callback URLs to register", () => {
  it("every OAuth provider shows Nango's callback under its own name and slug; the Google OAuth client shows Google's; no other provider shows any", () => {
    const shown = Object.fromEntries(providers.map((p) => [p.id, oauthCallbackSetup(p, "https://api.nango.dev")]));
    for (const p of providers.filter((x) => x.oauth)) {
      expect(shown[p.id]).toEqual({ providerName: p.name, slug: p.id, fixed: [{ label: `Redirect URI for the ${p.name} OAuth app (Nango)`, url: "https://api.nango.dev/oauth/callback" }] });
    }
    expect(shown.google_oauth).toEqual({ providerName: "Google", slug: "google", fixed: [{ label: "Redirect URI when Google sign-in goes through Nango", url: "https://api.nango.dev/oauth/callback" }] });
    expect(Object.keys(shown).filter((id) => shown[id]).sort()).toEqual([...providers.filter((p) => p.oauth).map((p) => p.id), "google_oauth"].sort());
    // The catalog entries the component test stands in for are these.
    expect(providers.find((p) => p.id === "netlify")).toMatchObject({ name: "Netlify", oauth: true });
  });

  it("a NANGO_HOST with a trailing slash gives one slash before oauth/callback", () => {
    const netlify = providers.find((p) => p.id === "netlify")!;
    expect(oauthCallbackSetup(netlify, "https://nango.example.test//")?.fixed[0].url).toBe("https://nango.example.test/oauth/callback");
  });
});
