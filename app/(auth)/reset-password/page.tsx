import { notFound, redirect } from "next/navigation";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Choose a new password" };

/** Reached signed in, from a recovery link (/auth/confirm). */
export default async function ResetPasswordPage() {
  const user = await getCurrentUser(); // first: it reads cookies, so the check below sees the server's settings
  if (!supabaseAuthEnabled()) notFound();
  if (!user) redirect("/sign-in?next=/reset-password");
  return <SetPasswordForm email={user.email} />;
}
