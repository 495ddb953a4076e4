import { redirect } from "next/navigation";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { getRecoveringUser } from "@/lib/auth/current-user";

export const metadata = { title: "Choose a new password" };

/** Reached from a recovery link (/auth/confirm), whose session alone may set a new password. Supabase mode only (the layout checks). */
export default async function ResetPasswordPage() {
  const user = await getRecoveringUser();
  if (!user) redirect("/forgot-password?link=needed");
  return <SetPasswordForm email={user.email} />;
}
