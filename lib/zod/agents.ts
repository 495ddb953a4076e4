import { isIP } from "node:net";
import { z } from "zod";
import { orgSlugRef as orgSlug, plainText } from "./text";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const optionalText = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

export const AGENT_EXPIRY_CHOICES = ["1", "7", "30", "90", "365", "never"] as const;

/** One CIDR block (or a bare address), IPv4 or IPv6, in the form PostgreSQL's cidr accepts. */
export function cidrProblem(text: string): string | null {
  const [addr, bits, extra] = text.split("/");
  const family = isIP(addr ?? "");
  if (!family || extra !== undefined) return `"${text}" is not an address or CIDR block (like 203.0.113.0/24 or 2001:db8::/32).`;
  if (bits === undefined) return null;
  const n = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || n > (family === 4 ? 32 : 128)) return `"${text}" has a prefix length out of range.`;
  // cidr refuses bits set past the prefix (203.0.113.7/24): say so rather than let the insert fail.
  if (family === 4) {
    const value = addr.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const hostBits = 32 - n;
    if (hostBits > 0 && value % 2 ** hostBits !== 0) return `"${text}" has bits set past /${n}; did you mean ${networkOf(value, n)}/${n}?`;
  } else if (ipv6Value(addr) % (1n << BigInt(128 - n)) !== 0n) {
    return `"${text}" has bits set past /${n}: give the network's own address (all bits after the prefix zero).`;
  }
  return null;
}

/** An IPv6 address (already checked by isIP) as its 128-bit number; "::" and a trailing IPv4 part expanded. */
function ipv6Value(addr: string): bigint {
  const groups = (part: string) => part === "" ? [] : part.split(":").flatMap((g) => {
    if (!g.includes(".")) return [parseInt(g, 16)];
    const [a, b, c, d] = g.split(".").map(Number);
    return [a * 256 + b, c * 256 + d];
  });
  const [head, tail] = addr.includes("::") ? addr.split("::") : [addr, undefined];
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.reduce((acc: bigint, g: number) => (acc << 16n) | BigInt(g), 0n);
}

const networkOf = (value: number, n: number) => {
  const net = Math.floor(value / 2 ** (32 - n)) * 2 ** (32 - n);
  return [24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256).join(".");
};

const cidrList = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v ?? []),
  z.array(z.string()).max(20, "List at most 20 address blocks.").superRefine((list, ctx) => {
    for (const c of list) {
      const problem = cidrProblem(c);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
  }),
);

export const createAgentSchema = z.object({
  orgSlug,
  name: plainText().min(1, "Name the agent, e.g. after what it does.").max(80, "Use at most 80 characters."),
  description: optionalText(plainText().max(280, "Keep the description to 280 characters.")),
  expiresInDays: z.enum(AGENT_EXPIRY_CHOICES, "Choose when the agent expires.").default("90"),
  allowedCidrs: cidrList,
});

export const agentRefSchema = z.object({ orgSlug, agentId: z.uuid("Unknown agent.") });
export const grantRefSchema = z.object({ orgSlug, grantId: z.uuid("Unknown grant.") });

/** "keep": an edited grant's expiry stays as it is (the form's default when a grant exists). */
export const GRANT_EXPIRY_CHOICES = ["keep", "1", "7", "30", "90", "365", "never"] as const;

/** "GET /v1/models/**" per line, or "GET,POST /v1/x". */
const rulesText = z.string().max(4000, "Keep the rules to 4000 characters.");

/**
 * One cell of an agent's matrix: a target ("default:<provider>" or a credential id) and the
 * operations it gets. Each operation arrives as its own checkbox.
 */
export const setGrantSchema = z.object({
  orgSlug,
  agentId: z.uuid("Unknown agent."),
  target: z.union([z.string().regex(/^default:[a-z0-9_]{2,40}$/), z.uuid()], "Pick a credential or a provider's default."),
  "op.proxy": checkbox.default(false),
  "op.reveal": checkbox.default(false),
  "op.env": checkbox.default(false),
  preset: optionalText(z.string().regex(/^[a-z0-9-]{1,40}$|^custom$/, "Pick a preset.")),
  rules: optionalText(rulesText),
  maxUses: optionalText(z.string().regex(/^\d{1,7}$/, "Give a whole number of uses.")),
  expiresInDays: z.enum(GRANT_EXPIRY_CHOICES, "Choose when the grant expires.").default("30"),
  revealMinutes: optionalText(z.string().regex(/^\d{1,3}$/, "Give whole minutes.")),
  awsRoleArn: optionalText(z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "A role ARN looks like arn:aws:iam::123456789012:role/name.")),
});
