import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback stand-in for OpenAI's Chat Completions and Anthropic's Messages, answering with the
 * reply text a test sets (or hanging, or an error status), in each provider's reply shape. Reached
 * through PROVIDER_BASE_URL_<ID>, as the real code reaches the providers.
 */
export type ModelBehaviour = { reply: string } | { hang: true } | { status: number };

export interface ModelFake {
  url: string;
  behaviour: ModelBehaviour;
  requests: { path: string; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startModelFake(): Promise<ModelFake> {
  const hanging = new Set<ServerResponse>();
  const fake: ModelFake = { url: "", behaviour: { reply: "{}" }, requests: [], close: async () => {} };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const path = req.url ?? "/";
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(raw || "{}"); } catch { /* recorded as empty */ }
      fake.requests.push({ path, headers: req.headers, body });
      const b = fake.behaviour;
      if ("hang" in b) return void hanging.add(res);
      const send = (status: number, json: unknown) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(json)); };
      if ("status" in b) return send(b.status, { error: { type: "api_error", message: "Overloaded" } });
      if (path === "/v1/chat/completions") {
        return send(200, { id: "chatcmpl-1", object: "chat.completion", created: 1, model: body.model, choices: [{ index: 0, message: { role: "assistant", content: b.reply }, finish_reason: "stop" }] });
      }
      if (path === "/v1/messages") {
        return send(200, { id: "msg_1", type: "message", role: "assistant", model: body.model, content: [{ type: "text", text: b.reply }], stop_reason: "end_turn" });
      }
      send(404, { error: { message: "not found" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
