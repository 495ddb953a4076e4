import { FormSkeleton } from "@/components/ui/page-skeletons";
import { GlassPanel } from "@/components/ui/glass-panel";
import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <GlassPanel depth={4} className="w-full max-w-md p-8">
        <SkeletonGroup label="Loading" className="space-y-6">
          <Skeleton className="h-8 w-56" />
          <FormSkeleton />
        </SkeletonGroup>
      </GlassPanel>
    </main>
  );
}
