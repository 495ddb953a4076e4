import { CardShell } from "@/components/layout/card-shell";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <CardShell>{children}</CardShell>;
}
