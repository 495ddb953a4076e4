import { notFound, redirect } from "next/navigation";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { getRecoveringUser } from "@/lib/auth/current-user";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Choose a new password" };

/** Reached from a recovery link (/auth/confirm), whose session alone may set a new password. */
export default async function ResetPasswordPage() {
  const user = await getRecoveringUser(); // first: it reads cookies, so the check below sees the server's settings
  if (!supabaseAuthEnabled()) notFound();
  if (!user) redirect("/forgot-password?link=needed");
  return <SetPasswordForm email={user.email} />;
}
