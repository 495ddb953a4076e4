"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { RequestDialog } from "./request-dialog";

/** On a provider page a member cannot set up: ask the org's admins for its credential, with a reason. */
export function RequestButton({ orgSlug, provider }: { orgSlug: string; provider: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [told, setTold] = useState<string | null>(null);
  return (
    <div className="mt-4 space-y-3">
      <Button variant="secondary" onClick={() => { setTold(null); setOpen(true); }} aria-label={`Request ${provider.name} from a teammate`}>
        Request from a teammate
      </Button>
      {told && <Alert tone="success">{told}</Alert>}
      {open && (
        <RequestDialog orgSlug={orgSlug} providers={[provider]} placeholder={`e.g. The nightly import job calls ${provider.name}`}
          onClose={() => setOpen(false)} onDone={(message) => { setOpen(false); setTold(message); }} />
      )}
    </div>
  );
}
