import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { supabaseCookieOptions } from "./supabase-cookies";

/**
 * A per-request Supabase client over this request's cookies (never a module global: it would
 * capture one user's cookies for everyone). Only used when Supabase Auth is configured.
 */
export async function createSupabaseServerClient() {
  const store = await cookies();
  // Loaded on first use, so the embedded default never loads supabase-js.
  const { createServerClient } = await import("@supabase/ssr");
  return createServerClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!, {
    cookieOptions: supabaseCookieOptions,
    cookies: {
      getAll: () => store.getAll(),
      setAll(list) {
        try {
          for (const { name, value, options } of list) store.set(name, value, options);
        } catch {
          // Server components cannot set cookies; the proxy refreshes the session instead.
        }
      },
    },
  });
}

export const supabaseAuthEnabled = () => Boolean(env.NEXT_PUBLIC_SUPABASE_URL);
