import { notFound } from "next/navigation";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";

export const metadata = { title: "Reset your password" };

const LINK_PROBLEMS: Record<string, string> = {
  expired: "That link has expired or was already used. Ask for a new one below.",
  "other-browser": "Open the link in the browser where you asked for it, or ask for a new one here.",
  needed: "Choosing a new password takes a fresh link from your email (it works for half an hour). Ask for one here.",
};

/** Supabase mode only: the embedded default sends no email, so it has no reset by link. */
export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ link?: string }> }) {
  // Read first: it makes the page render per request, so the check below sees the server's settings, not the build's.
  const { link } = await searchParams;
  if (!supabaseAuthEnabled()) notFound();
  return <ForgotPasswordForm problem={link && Object.hasOwn(LINK_PROBLEMS, link) ? LINK_PROBLEMS[link] : undefined} />;
}
