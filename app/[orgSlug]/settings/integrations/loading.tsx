import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <SkeletonGroup label="Loading settings">
      <Skeleton className="mb-3 h-9 w-72" />
      <Skeleton className="mb-8 h-5 w-96" />
      <Skeleton className="mb-8 h-40 rounded-glass" />
      <Skeleton className="h-64 rounded-glass" />
    </SkeletonGroup>
  );
}
