import { AuthForm } from "@/components/auth/auth-form";

export const metadata = { title: "Create your account" };

export default function SignUpPage() {
  return <AuthForm mode="sign-up" />;
}
