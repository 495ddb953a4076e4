import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { UsageLog, usageSentence } from "@/components/agents/usage-log";
import type { UsageRow } from "@/lib/agents/queries";

// Rendered as the agent's page renders it (a server component), in the node project like
// notification-list-wording.test.ts.
let n = 0;
const row = (action: string, outcome: string, metadata: UsageRow["metadata"] = {}, provider: string | null = "openai"): UsageRow => ({
  id: String(++n), action, provider, outcome, metadata, createdAt: new Date("2026-12-04T10:00:00Z"),
});

describe("agent usage log wording", () => {
  it("says what happened in plain sentences, never a raw code", () => {
    expect(usageSentence(row("agent.call", "forwarded", { upstream_status: 200, method: "GET", path: "/v1/models" }))).toBe("Forwarded, 200");
    expect(usageSentence(row("agent.call", "stream_error", { upstream_status: 200 }))).toBe("Forwarded, 200; the answer broke off");
    expect(usageSentence(row("agent.call", "timeout"))).toBe("The provider did not answer in time");
    expect(usageSentence(row("agent.refused", "path_not_granted", { operation: "proxy", method: "GET", path: "/v1/files" }))).toBe("Refused: path not granted");
    expect(usageSentence(row("agent.refused", "agent_revoked", { operation: "proxy" }))).toBe("Refused: the agent is revoked");
    expect(usageSentence(row("agent.refused", "grant_used_up"))).toBe("Refused: the grant has no uses left");
    expect(usageSentence(row("agent.refused", "credential_missing"))).toBe("Refused: no usable credential, a request was filed");
    expect(usageSentence(row("agent.refused", "some_new_code"))).toBe("Refused: some new code");
    expect(usageSentence(row("agent.reveal", "revealed", { credential: "prod" }))).toBe("Revealed “prod”");
    expect(usageSentence(row("agent.env", "partial", { variables: "OPENAI_API_KEY" }, null))).toBe("Exported a .env file, some providers skipped");
    expect(usageSentence(row("agent.list", "ok", { tool: "list_integrations" }, null))).toBe("Listed its integrations");
  });

  it("shows the sentence with the method, path, time and size beside it", () => {
    const html = renderToStaticMarkup(createElement(UsageLog, { rows: [
      row("agent.call", "forwarded", { upstream_status: 200, method: "GET", path: "/v1/models", latency_ms: 12, bytes_out: 345 }),
      row("agent.refused", "method_not_granted", { operation: "proxy", method: "POST", path: "/v1/models" }),
    ] }));
    const text = html.replace(/<[^>]+>/g, "\n").split("\n").map((s) => s.trim()).filter(Boolean);
    expect(text).toEqual(expect.arrayContaining(["Forwarded, 200", "GET /v1/models · 12 ms · 345 bytes", "Refused: method not granted", "POST /v1/models"]));
    expect(html).not.toMatch(/method_not_granted|forwarded/);
  });
});
