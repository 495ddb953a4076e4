import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { oauthCallbackSetup } from "@/components/webhooks-setup/oauth-callback-urls";
import { OAuthCallbacks } from "@/components/webhooks-setup/oauth-callbacks";
import type { ProviderDefinition } from "@/lib/providers/types";

const NANGO = "https://nango.example.test/";

// jsdom has no clipboard: this one records what the Copy buttons write.
const written: string[] = [];
beforeEach(() => {
  written.length = 0;
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: async (text: string) => { written.push(text); } } });
});

/** Every read-only URL field with its label, in page order. */
const shown = () => screen.queryAllByRole("textbox").filter((el) => el.hasAttribute("readonly"))
  .map((el) => [el.getAttribute("aria-label"), (el as HTMLInputElement).value]);

// The catalog's entries as far as the panel reads them (the catalog itself loads server-only
// libraries; test/server/oauth-callback-urls.test.ts checks it against the real one).
const catalog: Record<string, Pick<ProviderDefinition, "id" | "name" | "oauth">> = {
  google_oauth: { id: "google_oauth", name: "Google OAuth client", oauth: false },
  netlify: { id: "netlify", name: "Netlify", oauth: true },
  openai: { id: "openai", name: "OpenAI", oauth: false },
};
const getProvider = (id: string) => catalog[id] as ProviderDefinition;

function renderFor(providerId: string) {
  const setup = oauthCallbackSetup(getProvider(providerId), NANGO);
  if (!setup) throw new Error(`${providerId} offers no callback URLs`);
  return render(<OAuthCallbacks {...setup} />);
}

describe("callback URLs to register (setup after save)", () => {
  it("Google OAuth client: Nango's callback at once, then the app's origin and the Auth.js and Passport redirect URIs from its address", () => {
    renderFor("google_oauth");
    expect(shown()).toEqual([["Redirect URI when Google sign-in goes through Nango", "https://nango.example.test/oauth/callback"]]);
    fireEvent.change(screen.getByLabelText("Your app's address"), { target: { value: "https://app.example.com/dashboard?x=1" } });
    expect(shown()).toEqual([
      ["Redirect URI when Google sign-in goes through Nango", "https://nango.example.test/oauth/callback"],
      ["Authorized JavaScript origin", "https://app.example.com"],
      ["Redirect URI for Auth.js / NextAuth (Google)", "https://app.example.com/api/auth/callback/google"],
      ["Redirect URI for Passport's usual route", "https://app.example.com/auth/google/callback"],
    ]);
  });

  it("an address that is not a URL yet derives nothing", () => {
    renderFor("google_oauth");
    fireEvent.change(screen.getByLabelText("Your app's address"), { target: { value: "app.example" } });
    expect(shown()).toHaveLength(1);
  });

  it("an OAuth provider run through Nango: its OAuth app's redirect URI is Nango's callback, with the provider's own slug below", () => {
    renderFor("netlify");
    expect(shown()).toEqual([["Redirect URI for the Netlify OAuth app (Nango)", "https://nango.example.test/oauth/callback"]]);
    fireEvent.change(screen.getByLabelText("Your app's address"), { target: { value: "http://localhost:3000" } });
    expect(shown()).toContainEqual(["Redirect URI for Auth.js / NextAuth (Netlify)", "http://localhost:3000/api/auth/callback/netlify"]);
  });

  it("each URL has its own Copy button, which copies exactly that URL and says so", async () => {
    renderFor("google_oauth");
    fireEvent.change(screen.getByLabelText("Your app's address"), { target: { value: "https://app.example.com" } });
    const urls = shown().map(([, url]) => url);
    const buttons = screen.getAllByRole("button", { name: "Copy" });
    expect(buttons).toHaveLength(urls.length);
    for (const button of buttons) await act(async () => { fireEvent.click(button); });
    expect(written).toEqual(urls);
    const field = screen.getByLabelText("Redirect URI for Auth.js / NextAuth (Google)").closest("div")!.parentElement!;
    expect(within(field).getByRole("button", { name: "Copied" })).toBeInTheDocument();
    expect(within(field).getByText("Copied to the clipboard.")).toBeInTheDocument();
  });

  it("a provider with neither OAuth nor an OAuth client shows no callback panel", () => {
    expect(oauthCallbackSetup(getProvider("openai"), NANGO)).toBeNull();
  });
});
