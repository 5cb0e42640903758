import type { GlobalStatus } from "@/lib/mysql/types";

export interface Rates {
  queriesPerSecond: number;
  writesPerSecond: number;
}

const writes = (s: GlobalStatus) => s.comInsert + s.comUpdate + s.comDelete + s.comReplace;

/**
 * Per-second rates from two counter samples. null when there is no previous sample or the counters
 * went backwards (the server restarted).
 */
export function ratesBetween(
  prev: { status: GlobalStatus; at: number } | null,
  next: { status: GlobalStatus; at: number },
): Rates | null {
  if (!prev) return null;
  const seconds = (next.at - prev.at) / 1000;
  if (seconds <= 0) return null;
  if (next.status.questions < prev.status.questions || next.status.uptimeSeconds < prev.status.uptimeSeconds) return null;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    queriesPerSecond: round((next.status.questions - prev.status.questions) / seconds),
    writesPerSecond: round(Math.max(0, writes(next.status) - writes(prev.status)) / seconds),
  };
}
