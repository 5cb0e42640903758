export { applyMigrations, closeStore, getStore, openStore, storePath, type StoreDb } from "./db";
export { MIGRATIONS, type Migration } from "./migrations";
