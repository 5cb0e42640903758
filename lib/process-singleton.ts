/**
 * Values shared by the whole server process. Next bundles route handlers, pages and
 * instrumentation.ts separately (and dev reloads re-evaluate modules), so a module-level `let`
 * would exist once per bundle: these live on globalThis under one `__hotseat…` key each.
 */
const shared = globalThis as unknown as Record<string, unknown>;

/** A process-wide slot: read it, fill it, empty it (for values that are replaced or stopped). */
export interface ProcessSlot<T> {
  get(): T | undefined;
  set(value: T | undefined): void;
}

export function processSlot<T>(key: `__hotseat${string}`): ProcessSlot<T> {
  return {
    get: () => shared[key] as T | undefined,
    set: (value) => {
      shared[key] = value;
    },
  };
}

/** The process's one `key`, made by `make` on first use. */
export function processSingleton<T>(key: `__hotseat${string}`, make: () => T): T {
  return (shared[key] ??= make()) as T;
}
