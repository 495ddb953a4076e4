"use client";

// A client component although it has no state: both not-found boundaries (the root's and the
// org's) are serialized into the RSC payload of every page under them, rendered or not, so as a
// client reference each costs a few bytes instead of its whole tree.
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";

// Also what a signed-in user sees for an org they do not belong to: we do not say it exists.
export function NotFoundCard() {
  return (
    <GlassPanel depth={3} className="w-full max-w-md">
      <EmptyState
        title="Nothing here"
        text="This page does not exist, or it belongs to an organization you are not a member of."
        action={<ButtonLink href="/">Go to your integrations</ButtonLink>}
      />
    </GlassPanel>
  );
}
