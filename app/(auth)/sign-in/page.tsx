import { AuthForm } from "@/components/auth/auth-form";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; password?: string }> }) {
  const { next, password } = await searchParams;
  const notice = password === "changed" ? "Your password is changed and every session was signed out. Sign in with the new one." : undefined;
  return <AuthForm mode="sign-in" next={next} canReset={supabaseAuthEnabled()} notice={notice} />;
}
