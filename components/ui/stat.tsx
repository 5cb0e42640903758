import type { ReactNode } from "react";

export interface StatProps {
  label: string;
  children: ReactNode;
  /** Stable hook for tests, e.g. "lag". */
  testId?: string;
  className?: string;
  /** Let a long value wrap instead of cutting it off with an ellipsis. */
  wrap?: boolean;
}

/** One labelled value in a dense grid: label above, value below. */
export function Stat({ label, children, testId, className = "", wrap = false }: StatProps) {
  return (
    <div className={`min-w-0 ${className}`}>
      <dt className="text-[11px] uppercase tracking-wide text-slate-400">{label}</dt>
      <dd className={`${wrap ? "break-words" : "truncate"} font-mono text-sm text-slate-100 tabular-nums`} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
