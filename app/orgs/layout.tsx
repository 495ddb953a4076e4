import { CardShell } from "@/components/layout/card-shell";

export default function OrgsLayout({ children }: { children: React.ReactNode }) {
  return <CardShell>{children}</CardShell>;
}
