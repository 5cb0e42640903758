import type { Engine } from "./migrations";
import type { Store } from "./schema";

export type { Engine } from "./migrations";

const engines = new WeakMap<Store, Engine>();

/** Remember which engine a handle was opened on (lib/store/db.ts). */
export function markEngine(db: Store, engine: Engine): void {
  engines.set(db, engine);
}

/** The engine under a store handle: the few places whose SQL differs (retention, locks) ask. */
export function engineOf(db: Store): Engine {
  return engines.get(db) ?? "sqlite";
}
