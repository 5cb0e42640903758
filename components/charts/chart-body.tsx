"use client";

import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { formatLocalClock } from "@/lib/time";

export interface ChartBodyProps {
  error: { message: string } | undefined;
  isLoading: boolean;
  /** Any data fetched at all (a failed refresh keeps the previous data). */
  hasData: boolean;
  rows: number;
  height: number;
  children: ReactNode;
}

/** A history chart's body: the error, a skeleton while loading, "No history yet", else the chart. */
export function ChartBody({ error, isLoading, hasData, rows, height, children }: ChartBodyProps) {
  if (error && !hasData) {
    return (
      <p className="flex items-center justify-center text-xs text-red-300" style={{ height }}>
        History unavailable: {error.message}
      </p>
    );
  }
  if (isLoading && !hasData) {
    return (
      <div style={{ height }}>
        <Skeleton className="h-full w-full" />
      </div>
    );
  }
  if (rows === 0) {
    return (
      <p className="flex items-center justify-center text-xs text-slate-500" style={{ height }}>
        No history yet
      </p>
    );
  }
  return (
    <div style={{ height }} className="w-full">
      {children}
    </div>
  );
}

/** The props of every dashboard chart's time axis (recharts XAxis), so both tiers read on one clock. */
export const TIME_AXIS = {
  dataKey: "ts",
  type: "number",
  scale: "time",
  domain: ["dataMin", "dataMax"],
  tickFormatter: formatLocalClock,
  tick: { fill: "#94a3b8", fontSize: 10 },
  stroke: "#334155",
  minTickGap: 40,
} as const;
