import { parseEnv } from "./env-schema";

export async function startServer() {
  try {
    parseEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const { getDb } = await import("./db");
  const { getVault } = await import("./vault");
  await Promise.all([getDb(), getVault()]);
}
