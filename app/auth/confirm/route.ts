import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { createSupabaseServerClient, supabaseAuthEnabled } from "@/lib/auth/supabase";

/**
 * Where a Supabase password-recovery link lands (`?code=`, the PKCE flow). Public by nature: the
 * one-time code, with the verifier cookie this browser got when it asked for the link, is the
 * proof. Only recovery codes sign anyone in here; any other code is spent and the person sent to
 * sign in, so a confirmation link can never start a session on an account whose password someone
 * else may have chosen.
 */
export async function GET(request: NextRequest) {
  const code = request.nextUrl.searchParams.get("code");
  if (!supabaseAuthEnabled()) redirect("/sign-in");
  if (!code) redirect("/forgot-password?link=expired");
  const supabase = await createSupabaseServerClient();
  const { data, error } = await supabase.auth.exchangeCodeForSession(code);
  if (error?.name === "AuthPKCECodeVerifierMissingError") redirect("/forgot-password?link=other-browser");
  if (error) redirect("/forgot-password?link=expired");
  // redirectType is "recovery" when this browser's own verifier came from resetPasswordForEmail (auth-js
  // returns it; its types omit it). If it ever went missing, every code would count as not-recovery,
  // the safe way to fail. /reset-password does not rely on it: it checks the session's amr.
  if ((data as { redirectType?: string | null }).redirectType !== "recovery") {
    await supabase.auth.signOut({ scope: "local" });
    redirect("/sign-in");
  }
  redirect("/reset-password");
}
