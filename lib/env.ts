import "server-only";
import { parseEnv } from "./env-schema";

// Parsed once per process; nothing else reads process.env (style.md, principle 8).
export const env = parseEnv(process.env);
export type { Env } from "./env-schema";
