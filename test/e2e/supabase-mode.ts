import { startSupabaseAuthFake } from "../fakes/supabase-auth-fake";
import { scratchDatabase } from "../helpers/scratch-database";
import { freePort, startApp } from "./server";

/** The same build in server mode: a scratch PostgreSQL database and a loopback Supabase Auth. */
export async function startSupabaseMode(databaseUrl: string, extra: Record<string, string>) {
  const auth = await startSupabaseAuthFake({ confirmEmail: true, accessTokenSeconds: 95 });
  const db = await scratchDatabase(databaseUrl, "sb_e2e");
  // APP_URL, where password-reset emails link to, must be known before the server starts.
  const port = await freePort();
  const app = await startApp({
    ...extra, DATABASE_URL: db.url, NEXT_PUBLIC_SUPABASE_URL: auth.url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: auth.publishableKey,
    APP_URL: `http://127.0.0.1:${port}`,
  }, undefined, port).catch(async (err) => {
    await auth.close();
    await db.drop();
    throw err;
  });
  return {
    app,
    auth,
    databaseUrl: db.url,
    async stop() {
      await app.stop();
      await auth.close();
      await db.drop();
    },
  };
}
