"use client";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";

// Inside the org layout, so the navigation survives; the digest is the reference in server logs.
export default function OrgError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <GlassPanel depth={2}>
      <EmptyState
        title="This page could not be loaded"
        text={`Nothing was changed. Try again; if it keeps failing, quote reference ${error.digest ?? "unknown"}.`}
        action={<Button onClick={reset}>Try again</Button>}
      />
    </GlassPanel>
  );
}
