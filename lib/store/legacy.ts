// TRANSITION ONLY, removed once every module reads the store through `store()` (lib/store/db.ts):
// the old synchronous better-sqlite3 handle on the same file, so that modules not yet moved keep working.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getConfig } from "@/lib/config";
import { MIGRATIONS, statementsOf } from "./migrations";
import { processSlot } from "@/lib/process-singleton";

export type StoreDb = Database.Database;

const slot = processSlot<{ file: string; db: StoreDb }>("__hotseatLegacyStore");

export function getStore(): StoreDb {
  const file = path.join(getConfig().dataDir, "hotseat.db");
  const current = slot.get();
  if (current && current.file === file && current.db.open) return current.db;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  // the same ledger kysely's migrator keeps, so either may come first
  db.exec(`CREATE TABLE IF NOT EXISTS kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`);
  db.transaction(() => {
    const seen = new Set((db.prepare(`SELECT name FROM kysely_migration`).all() as { name: string }[]).map((r) => r.name));
    for (const m of MIGRATIONS) {
      if (seen.has(m.id)) continue;
      for (const statement of statementsOf(m, "sqlite")) db.exec(statement);
      db.prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)`).run(m.id, new Date().toISOString());
    }
  }).immediate();
  slot.set({ file, db });
  return db;
}
