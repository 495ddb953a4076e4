import Link from "next/link";
import { Alert } from "@/components/ui/alert";

/** What a form shows once Supabase has emailed a link: what to do next, and the way back to sign in. */
export function CheckYourEmail({ message, back }: { message?: string; back: string }) {
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold text-white">Check your email</h1>
      <Alert tone="success">{message}</Alert>
      <Link className="block text-center text-sm text-white underline underline-offset-4" href="/sign-in">{back}</Link>
    </div>
  );
}
