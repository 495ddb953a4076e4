import { AuthForm } from "@/components/auth/auth-form";
import { safeReturnPath } from "@/lib/auth/return-path";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; password?: string }> }) {
  const { next, password } = await searchParams;
  const notice = password === "changed" || password === "reset" ? "Your password is changed and every session was signed out. Sign in with the new one." : undefined;
  // Checked here too, so a hostile link does not even reach the form (the action checks again).
  const back = safeReturnPath(next, "");
  return <AuthForm mode="sign-in" next={back || undefined} resetHref={supabaseAuthEnabled() ? "/forgot-password" : "/new-password"} notice={notice} />;
}
