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

/** Writes per second by statement kind (Com_insert(+_select), Com_update(+_multi), ...). */
export interface WriteRates {
  insert: number;
  update: number;
  delete: number;
  replace: number;
}

/** Per-kind write rates from two counter samples; null when ratesBetween would be null. */
export function writeRatesBetween(
  prev: { status: GlobalStatus; at: number } | null,
  next: { status: GlobalStatus; at: number },
): WriteRates | null {
  if (!ratesBetween(prev, next) || !prev) return null;
  const seconds = (next.at - prev.at) / 1000;
  const rate = (a: number, b: number) => Math.round((Math.max(0, b - a) / seconds) * 10) / 10;
  return {
    insert: rate(prev.status.comInsert, next.status.comInsert),
    update: rate(prev.status.comUpdate, next.status.comUpdate),
    delete: rate(prev.status.comDelete, next.status.comDelete),
    replace: rate(prev.status.comReplace, next.status.comReplace),
  };
}
