"use client";

import { Button, ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";

// Pages outside an org (sign-in, org creation); the digest is the reference in server logs.
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <GlassPanel depth={3} className="w-full max-w-md">
        <EmptyState
          title="This page could not be loaded"
          text={`Nothing was changed. Try again; if it keeps failing, quote reference ${error.digest ?? "unknown"}.`}
          action={
            <>
              <Button onClick={reset}>Try again</Button>
              <ButtonLink variant="outline" href="/">Start page</ButtonLink>
            </>
          }
        />
      </GlassPanel>
    </main>
  );
}
