import { FormSkeleton } from "@/components/ui/page-skeletons";
import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

// Inside the auth layout's panel, under the logo.
export default function Loading() {
  return (
    <SkeletonGroup label="Loading" className="space-y-6">
      <Skeleton className="h-8 w-40" />
      <FormSkeleton />
    </SkeletonGroup>
  );
}
