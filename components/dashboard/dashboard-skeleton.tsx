import { Skeleton } from "@/components/ui/skeleton";

export interface DashboardSkeletonProps {
  label?: string;
}

/** Placeholder in the dashboard's shape, so nothing jumps when data arrives. */
export function DashboardSkeleton({ label = "Loading…" }: DashboardSkeletonProps) {
  return (
    <div className="space-y-3" aria-busy="true">
      <p className="text-sm text-slate-400">{label}</p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-14" />
        ))}
      </div>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-72" />
        ))}
      </div>
    </div>
  );
}
