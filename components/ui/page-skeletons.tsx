import { Skeleton, SkeletonGroup } from "./skeleton";

/** Title and intro line, shaped like PageHeader. */
export function HeaderSkeleton() {
  return (
    <div className="space-y-3">
      <Skeleton className="h-8 w-56 max-w-full sm:h-9 sm:w-72" />
      <Skeleton className="h-5 w-full max-w-md" />
    </div>
  );
}

/** A form's labels and fields, then its button. */
export function FormSkeleton({ fields = 2 }: { fields?: number }) {
  return (
    <div className="space-y-5">
      {Array.from({ length: fields }, (_, i) => (
        <div key={i} className="space-y-2">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="h-10 w-full rounded-[10px]" />
        </div>
      ))}
      <Skeleton className="h-10 w-full rounded-[10px]" />
    </div>
  );
}

/** A page of panels: what a settings page looks like while its data loads. */
export function PanelPageSkeleton({ label, panels = 2 }: { label: string; panels?: number }) {
  return (
    <SkeletonGroup label={label} className="space-y-8">
      <HeaderSkeleton />
      {Array.from({ length: panels }, (_, i) => <Skeleton key={i} className={`${i === 0 ? "h-40" : "h-64"} rounded-glass`} />)}
    </SkeletonGroup>
  );
}
