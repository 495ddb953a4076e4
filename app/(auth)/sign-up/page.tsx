import { AuthForm } from "@/components/auth/auth-form";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata = { title: "Create your account" };

/** next: where the person was going when sent to sign in (an invite's /orgs/join), kept through sign-up. */
export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Checked here too, so a hostile link does not even reach the form (the action checks again).
  const back = safeReturnPath(next, "");
  return <AuthForm mode="sign-up" next={back || undefined} />;
}
