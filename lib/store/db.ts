import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getConfig } from "@/lib/config";
import { MIGRATIONS, type Migration } from "./migrations";
import { installBounds, sweep } from "./retention";
import { processSlot } from "@/lib/process-singleton";

export type StoreDb = Database.Database;

/**
 * Open (creating if needed) a store file, in WAL mode, with every migration applied. The store
 * holds the audit trail and, beside it, the session secret: a new data directory is 0700 and the
 * file 0600 (SQLite gives its -wal and -shm files the same mode).
 */
export function openStore(file: string, migrations: Migration[] = MIGRATIONS): StoreDb {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "a", 0o600));
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600); // made by an older version, or under another umask
  const db = new Database(file);
  // WAL lets the audit page read while an action writes; a busy timeout covers a second process
  // (tests, a CLI) holding the write lock for a moment.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  applyMigrations(db, migrations);
  return db;
}

/** Apply the migrations this store has not seen yet, in order. Returns the ids applied now. */
export function applyMigrations(db: StoreDb, migrations: Migration[] = MIGRATIONS): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const seen = new Set(
    (db.prepare(`SELECT id FROM schema_migrations`).all() as { id: string }[]).map((r) => r.id),
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.id)) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together cannot both apply it.
    const run = db.transaction(() => {
      const again = db.prepare(`SELECT 1 FROM schema_migrations WHERE id = ?`).get(migration.id);
      if (again) return false;
      if (typeof migration.up === "string") db.exec(migration.up);
      else migration.up(db);
      db.prepare(`INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)`).run(
        migration.id,
        new Date().toISOString(),
      );
      return true;
    });
    if (run.immediate()) applied.push(migration.id);
  }
  return applied;
}

/** Where the store lives: `<dataDir>/hotseat.db`. */
export function storePath(): string {
  return path.join(getConfig().dataDir, "hotseat.db");
}

// One handle per process: Next's dev reloads and separately bundled routes share it.
const slot = processSlot<{ file: string; db: StoreDb; timer: NodeJS.Timeout }>("__hotseatStore");

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The process-wide store, opened on first use (never at import, so `next build` stays file-free),
 * with its retention: count bounds held by triggers, and a sweep by age now and every 10 minutes.
 */
export function getStore(): StoreDb {
  const file = storePath();
  const current = slot.get();
  if (current && current.file === file && current.db.open) return current.db;
  const db = openStore(file);
  const { retention } = getConfig();
  installBounds(db, retention);
  const sweepNow = () => {
    try {
      if (db.open) sweep(db, retention);
    } catch (err) {
      console.error("[hotseat] retention sweep failed:", (err as Error).message);
    }
  };
  sweepNow();
  const timer = setInterval(sweepNow, SWEEP_EVERY_MS);
  timer.unref();
  slot.set({ file, db, timer });
  return db;
}

/** Close the process-wide store (tests, shutdown). */
export function closeStore(): void {
  const current = slot.get();
  if (current) clearInterval(current.timer);
  current?.db.close();
  slot.set(undefined);
}
