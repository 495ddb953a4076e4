import { readFileSync } from "node:fs";
import path from "node:path";
import { EVENT_TYPES, type EventType } from "@/lib/events/types";
import { webhookEventFor } from "@/lib/webhooks/event-map";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/types";

/** The README's sample bodies: the json block after "One sample per type" in Outgoing webhooks. */
function readmeSamples(): { type: string; timestamp: string; data: Record<string, unknown> }[] {
  const readme = readFileSync(path.join(__dirname, "../../../README.md"), "utf8");
  const from = readme.indexOf("One sample per type");
  const block = readme.slice(readme.indexOf("```json\n", from) + 8, readme.indexOf("```\n", readme.indexOf("```json\n", from) + 8));
  return block.trim().split("\n").map((line) => JSON.parse(line));
}

/**
 * The org event a webhook type comes from, with the fields the mapping leaves out put back: the
 * sample is right when the org event's strict schema accepts that data and the mapping gives the sample.
 */
const source: Record<string, (data: Record<string, unknown>) => { type: EventType; data: Record<string, unknown> }> = {
  "credential.saved": (d) => ({ type: "credential.saved", data: { ...d, via: "key" } }),
  "oauth.connected": (d) => ({ type: "credential.saved", data: { ...d, status: "VALID", via: "oauth" } }),
  "credential.invalid": (d) => ({ type: "integration.status_changed", data: { ...d, status: "INVALID" } }),
};

describe("the README's sample webhook bodies", () => {
  const samples = readmeSamples();

  it("cover every event type a subscription can ask for, and the test event, once each", () => {
    expect(samples.map((s) => s.type).sort()).toEqual([...Object.keys(WEBHOOK_EVENT_TYPES), TEST_EVENT_TYPE].sort());
  });

  it.each(samples.filter((s) => s.type !== TEST_EVENT_TYPE).map((s) => [s.type, s] as const))("%s is what Switchboard builds from its org event", (type, sample) => {
    expect(Object.keys(sample).sort()).toEqual(["data", "timestamp", "type"]);
    expect(new Date(sample.timestamp).toISOString()).toBe(sample.timestamp);
    const from = source[type]?.(sample.data) ?? { type: type as EventType, data: sample.data };
    const parsed = EVENT_TYPES[from.type].data.parse(from.data);
    expect(webhookEventFor(from.type, parsed as never)).toEqual({ type, data: sample.data });
  });

  it("webhook.test carries the subscription's id and the fixed message (lib/webhooks/deliveries.ts)", () => {
    const test = samples.find((s) => s.type === TEST_EVENT_TYPE)!;
    expect(Object.keys(test.data).sort()).toEqual(["message", "subscriptionId"]);
    expect(readFileSync(path.join(__dirname, "../../../lib/webhooks/deliveries.ts"), "utf8")).toContain(`'message', '${String(test.data.message)}'`);
  });
});
