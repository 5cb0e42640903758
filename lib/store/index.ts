export { applyMigrations, closeStore, connectStore, describeTarget, openStore, setPrunes, store, storeTarget, type StoreTarget } from "./db";
export { engineOf, type Engine } from "./engine";
export { MIGRATIONS, type Migration } from "./migrations";
export type { Store, StoreSchema } from "./schema";
