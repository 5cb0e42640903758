export interface SkeletonProps {
  className?: string;
}

/** A grey placeholder block shown while the first data loads. */
export function Skeleton({ className = "" }: SkeletonProps) {
  return <div aria-hidden className={`animate-pulse rounded bg-slate-800 ${className}`} />;
}
