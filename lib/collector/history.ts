/** A fixed-capacity ring buffer: the newest `capacity` items, oldest first. */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  get size(): number {
    return this.count;
  }

  /** Items, oldest first, for which `keep` is true (scans from the newest end and stops early). */
  newestWhile(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0; i--) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (!keep(item)) break;
      out.push(item);
    }
    return out.reverse();
  }

  toArray(): T[] {
    return this.newestWhile(() => true);
  }
}

import type { WriteRates } from "./rates";

/** One history point per server per poll tick; numbers only, so an hour of four servers stays small. */
export interface HistoryEntry {
  t: number;
  lagSeconds: number | null;
  qps: number | null;
  writesPerSecond: number | null;
  threadsRunning: number | null;
  /** Writes per second by statement kind; absent in entries recorded without them. */
  writeRates?: WriteRates | null;
}

/** History points kept per server: `historySeconds` at one point per poll. */
export function historyCapacity(config: { historySeconds: number; pollIntervalMs: number }): number {
  return Math.ceil((config.historySeconds * 1000) / config.pollIntervalMs);
}

/** The entries of `buffer` from the last `seconds` before `now`, oldest first. */
export function lastSeconds<T extends { t: number }>(buffer: RingBuffer<T>, seconds: number, now: number): T[] {
  const since = now - seconds * 1000;
  return buffer.newestWhile((e) => e.t >= since);
}
