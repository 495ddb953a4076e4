import { GlassPanel } from "@/components/ui/glass-panel";
import { Logo } from "./logo";

/** One centred card with the mark: the frame of signing in and of choosing, creating or joining an org. */
export function CardShell({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <GlassPanel depth={4} className="w-full max-w-md p-8">
        <Logo className="mb-8" />
        {children}
      </GlassPanel>
    </main>
  );
}
