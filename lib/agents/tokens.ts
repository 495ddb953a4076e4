import { randomBytes } from "node:crypto";
import { hashSecret } from "@/lib/api/keys";

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_FORMAT = /^sba_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

/** A new agent token: the full text goes to the admin once and is never stored, only its hash. */
export function generateAgentToken(): { token: string; prefix: string; secretHash: string } {
  const prefix = Array.from(randomBytes(8), (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { token: `sba_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseAgentToken(text: string): { prefix: string; secret: string } | null {
  const m = TOKEN_FORMAT.exec(text.trim());
  return m ? { prefix: m[1], secret: m[2] } : null;
}

/** The token from `Authorization: Bearer sba_…`, or null. */
export function bearerToken(req: Request): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m ? m[1] : null;
}
