import { render, waitFor } from "@testing-library/react";
import { IntegrationGrid, type TileSection } from "@/components/integrations/integration-grid";
import type { IntegrationStatus } from "@/lib/integrations/queries";
import { setReducedMotion } from "../helpers/browser-gaps";

const grid = (openai: IntegrationStatus, anthropic: IntegrationStatus): TileSection[] => [{
  category: "ai", title: "AI",
  tiles: [
    { id: "openai", name: "OpenAI", iconHref: null, detail: "", status: openai, otherValid: 0 },
    { id: "anthropic", name: "Anthropic", iconHref: null, detail: "", status: anthropic, otherValid: 0 },
  ],
}];

const celebrating = (container: HTMLElement) =>
  [...container.querySelectorAll("[data-provider]")].filter((tile) => tile.querySelector('[data-status-change="VALID"]')).map((tile) => tile.getAttribute("data-provider"));

describe("integration grid", () => {
  beforeEach(() => { sessionStorage.clear(); setReducedMotion(false); });

  it("a tile that turned VALID since this tab last showed the grid animates once; the others and the first visit do not", async () => {
    const first = render(<IntegrationGrid orgSlug="acme" sections={grid("NOT_CONFIGURED", "VALID")} />);
    await waitFor(() => expect(sessionStorage.getItem("switchboard:statuses:acme")).not.toBeNull());
    expect(celebrating(first.container)).toEqual([]);
    first.unmount();

    const back = render(<IntegrationGrid orgSlug="acme" sections={grid("VALID", "VALID")} />);
    await waitFor(() => expect(celebrating(back.container)).toEqual(["openai"]));
    back.unmount();

    const again = render(<IntegrationGrid orgSlug="acme" sections={grid("VALID", "VALID")} />);
    await waitFor(() => expect(JSON.parse(sessionStorage.getItem("switchboard:statuses:acme")!)).toEqual({ openai: "VALID", anthropic: "VALID" }));
    expect(celebrating(again.container)).toEqual([]);
  });

  it("another org's grid has its own memory, and reduced motion turns the celebration off", async () => {
    render(<IntegrationGrid orgSlug="acme" sections={grid("NOT_CONFIGURED", "NOT_CONFIGURED")} />).unmount();
    setReducedMotion(true);
    const other = render(<IntegrationGrid orgSlug="globex" sections={grid("VALID", "VALID")} />);
    await waitFor(() => expect(sessionStorage.getItem("switchboard:statuses:globex")).not.toBeNull());
    const still = render(<IntegrationGrid orgSlug="acme" sections={grid("VALID", "NOT_CONFIGURED")} />);
    await waitFor(() => expect(JSON.parse(sessionStorage.getItem("switchboard:statuses:acme")!).openai).toBe("VALID"));
    expect(celebrating(other.container)).toEqual([]);
    expect(celebrating(still.container)).toEqual([]);
  });
});
