import { render, screen, within } from "@testing-library/react";
import { CheckTimeline } from "@/components/integrations/check-timeline";
import type { CheckHistoryRow } from "@/lib/integrations/history";

const check = (id: string, outcome: string, extra: Partial<CheckHistoryRow> = {}): CheckHistoryRow => ({
  id, integrationId: "i", checkedAt: new Date("2026-11-22T10:00:00Z"), outcome, latencyMs: 120, reason: null, httpStatus: 200, source: "scheduler", ...extra,
});

describe("CheckTimeline", () => {
  it("lists each check in words, with time, latency and the reason, newest first", () => {
    render(<CheckTimeline name="production" checks={[
      check("2", "invalid", { reason: "OpenAI rejected the key.", httpStatus: 401, checkedAt: new Date("2026-11-22T11:00:00Z") }),
      check("1", "valid", { source: "setup" }),
    ]} />);
    const items = within(screen.getByRole("list", { name: "Recent checks of production, newest first" })).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "Rejected2026-11-22 11:00 UTCscheduled · 120 ms · HTTP 401OpenAI rejected the key.",
      "Valid2026-11-22 10:00 UTCsetup · 120 ms · HTTP 200",
    ]);
    expect(items[0].querySelector("time")?.getAttribute("datetime")).toBe("2026-11-22T11:00:00.000Z");
  });

  it("gives each outcome its own shape, so status is not colour alone", () => {
    const outcomes = ["valid", "invalid", "provider_outage", "rate_limited", "valid_but_insufficient", "unknown", "unverified"];
    const { container } = render(<CheckTimeline name="x" checks={outcomes.map((o, i) => check(String(i), o))} />);
    const strip = container.querySelector('[aria-hidden="true"]')!;
    const shapes = [...strip.querySelectorAll("svg")].map((svg) => svg.innerHTML);
    expect(new Set(shapes).size).toBe(outcomes.length);
  });

  it("says so when there is nothing yet", () => {
    render(<CheckTimeline name="x" checks={[]} />);
    expect(screen.getByText("No checks recorded yet.")).toBeInTheDocument();
  });
});
