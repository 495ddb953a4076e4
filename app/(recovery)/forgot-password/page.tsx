import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata = { title: "Reset your password" };

const LINK_PROBLEMS: Record<string, string> = {
  expired: "That link has expired or was already used. Ask for a new one below.",
  "other-browser": "Open the link in the browser where you asked for it, or ask for a new one here.",
  needed: "Choosing a new password takes a fresh link from your email (it works for half an hour). Ask for one here.",
};

/** Supabase mode only (the layout checks). */
export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ link?: string }> }) {
  const { link } = await searchParams;
  return <ForgotPasswordForm problem={link && Object.hasOwn(LINK_PROBLEMS, link) ? LINK_PROBLEMS[link] : undefined} />;
}
