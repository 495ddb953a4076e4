import { Server as HttpServer, type IncomingMessage } from "node:http";
import { Server as HttpsServer } from "node:https";

/**
 * Next 16 gives route handlers, server actions and proxy.ts no socket address: it only fills
 * X-Forwarded-For with it when the client sent none (base-server.js, `??=`), so a client's
 * `X-Forwarded-For: 6.6.6.6` would pass as its address. This copies the socket's address into a
 * header of our own on every request the process's HTTP servers receive, overwriting whatever a
 * client sent under that name, before Next sees the request. Installed from instrumentation.ts.
 */
export const PEER_HEADER = "x-switchboard-peer-address";

// Shared through globalThis: instrumentation and route handlers are separate bundles of one process.
const INSTALLED = Symbol.for("switchboard.peer-address-header");
type Flagged = typeof globalThis & { [INSTALLED]?: () => void };

export const peerHeaderInstalled = () => Boolean((globalThis as Flagged)[INSTALLED]);

/** Patches http(s).Server so every "request" carries the socket's address; returns how to undo it. */
export function installPeerHeader(): () => void {
  const g = globalThis as Flagged;
  if (g[INSTALLED]) return g[INSTALLED];
  const undo = [HttpServer.prototype, HttpsServer.prototype].map((proto) => {
    const own = Object.prototype.hasOwnProperty.call(proto, "emit");
    const original = proto.emit;
    proto.emit = function emit(this: HttpServer, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as IncomingMessage;
        req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "";
      }
      return (original as (...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof proto.emit;
    return () => {
      if (own) proto.emit = original;
      else delete (proto as { emit?: unknown }).emit;
    };
  });
  g[INSTALLED] = () => {
    for (const u of undo) u();
    delete g[INSTALLED];
  };
  return g[INSTALLED];
}
