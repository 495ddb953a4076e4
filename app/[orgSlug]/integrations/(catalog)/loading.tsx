// In the (catalog) route group so this skeleton wraps the catalog only: a provider page's layout
// must be able to answer 404 before anything streams.
import { Skeleton, SkeletonGroup } from "@/components/ui/skeleton";
import { HeaderSkeleton } from "@/components/ui/page-skeletons";

// Shaped like the grid, so the tiles land where their placeholders were.
export default function Loading() {
  return (
    <SkeletonGroup label="Loading integrations" className="space-y-10">
      <HeaderSkeleton />
      {[6, 3].map((tiles, section) => (
        <div key={section} className="space-y-4">
          <Skeleton className="h-4 w-32" />
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {Array.from({ length: tiles }, (_, i) => <Skeleton key={i} className="h-32 rounded-glass" />)}
          </div>
        </div>
      ))}
    </SkeletonGroup>
  );
}
