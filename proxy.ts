import { NextResponse, type NextRequest } from "next/server";
import { supabaseCookieOptions } from "@/lib/auth/supabase-cookies";
import { safeReturnPath } from "@/lib/auth/return-path";
import { databaseGate } from "@/lib/db/page-gate";
import { parseEnv } from "@/lib/env-schema";
import { refuseMalformed } from "@/lib/net/request-guard";

// Next 16 calls this file proxy.ts (formerly middleware.ts). It only refreshes sessions and
// redirects signed-out visitors; every page, action and route handler checks access itself.
// /switchboard.cjs: the pull tool, fetched with curl (no cookies); it holds no secret.
// /forgot-password, /auth/confirm and /new-password: the way back in for someone who cannot sign in.
const PUBLIC = [/^\/sign-(in|up)$/, /^\/forgot-password$/, /^\/new-password$/, /^\/auth\/confirm$/, /^\/status$/, /^\/api\//, /^\/switchboard\.cjs$/];
const SESSION_COOKIE = "sb_session";
const env = parseEnv(process.env);

export async function proxy(request: NextRequest) {
  const refused = await refuseMalformed(request);
  if (refused) return refused;
  const unavailable = await databaseGate(request, env.DATABASE_URL);
  if (unavailable) return unavailable;
  const { pathname, search } = request.nextUrl;
  const supabaseUrl = env.NEXT_PUBLIC_SUPABASE_URL;
  let response = NextResponse.next({ request });
  let signedIn: boolean;

  if (supabaseUrl) {
    // Loaded only in Supabase mode: the embedded default never pays for (or warns about) supabase-js.
    const { createServerClient } = await import("@supabase/ssr");
    const supabase = createServerClient(supabaseUrl, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!, {
      cookieOptions: supabaseCookieOptions,
      cookies: {
        getAll: () => request.cookies.getAll(),
        setAll(list) {
          for (const { name, value } of list) request.cookies.set(name, value);
          response = NextResponse.next({ request });
          for (const { name, value, options } of list) response.cookies.set(name, value, options);
        },
      },
    });
    // getClaims() verifies the token and refreshes it when due; nothing may run between
    // creating the client and this call.
    const { data } = await supabase.auth.getClaims();
    signedIn = Boolean(data?.claims?.sub);
  } else {
    signedIn = request.cookies.has(SESSION_COOKIE);
  }

  if (!signedIn && !PUBLIC.some((p) => p.test(pathname))) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    // Back to where they were, when that is a plain path on this site ("//evil.example" is not).
    const back = pathname === "/" ? "" : safeReturnPath(pathname + search, "");
    url.search = back ? `?next=${encodeURIComponent(back)}` : "";
    return NextResponse.redirect(url);
  }
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|ico)$).*)"],
};
