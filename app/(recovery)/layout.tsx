import { notFound } from "next/navigation";
import { connection } from "next/server";
import { CardShell } from "@/components/layout/card-shell";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

/**
 * Password recovery by emailed link: Supabase mode only, since the embedded default sends no
 * email. The check lives here, before anything streams, so that elsewhere the answer is a real 404;
 * the sign-in card, without (auth)'s loading skeleton for the same reason.
 */
export default async function RecoveryLayout({ children }: { children: React.ReactNode }) {
  await connection(); // read the server's settings per request, not the build's
  if (!supabaseAuthEnabled()) notFound();
  return <CardShell>{children}</CardShell>;
}
