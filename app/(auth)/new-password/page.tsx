import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ResetCodeForm } from "@/components/auth/reset-code-form";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Choose a new password" };

/** Local accounts only: with Supabase Auth, /forgot-password emails a link instead. */
export default async function NewPasswordPage() {
  await connection(); // the server's settings per request, not the build's
  if (supabaseAuthEnabled()) notFound();
  return <ResetCodeForm />;
}
