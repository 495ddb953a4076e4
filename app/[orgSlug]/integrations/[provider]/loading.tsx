import { FormSkeleton } from "@/components/ui/page-skeletons";
import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <SkeletonGroup label="Loading provider" className="space-y-6">
      <div className="flex items-center gap-4">
        <Skeleton className="size-14 rounded-2xl" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-8 w-48" />
          <Skeleton className="h-5 w-full max-w-sm" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-5">
        <Skeleton className="h-72 rounded-glass lg:col-span-2" />
        <div className="glass p-6 lg:col-span-3"><FormSkeleton /></div>
      </div>
    </SkeletonGroup>
  );
}
