import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { engineOf, markEngine, type Engine } from "./engine";
import { MIGRATIONS, migrationProvider, type Migration } from "./migrations";
import { installBounds, sweep } from "./retention";
import type { Store } from "./schema";
import { processSlot } from "@/lib/process-singleton";

export type { Store } from "./schema";

/** Where a store lives: a SQLite file (the embedded default) or a PostgreSQL database shared by consoles. */
export type StoreTarget = { engine: "sqlite"; file: string } | { engine: "postgres"; url: string };

/** PostgreSQL's bigint (count(*), sums) as a JS number, as SQLite gives it: the store's counts stay far below 2^53. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * A SQLite file in WAL mode. It holds the audit trail: a new data directory is 0700 and the file
 * 0600 (SQLite gives its -wal and -shm files the same mode).
 */
function openSqlite(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, "a", 0o600));
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600); // made by an older version, or under another umask
  const sqlite = new Database(file);
  // A busy timeout covers a second process (tests, a CLI, a console starting at the same moment)
  // holding a lock for a moment: set first, since switching a new file to WAL takes one too.
  // WAL lets the audit page read while an action writes.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return sqlite;
}

/** A query builder over the target, without migrations. */
export function connectStore(target: StoreTarget): Store {
  const db: Store =
    target.engine === "sqlite"
      ? new Kysely({ dialect: new SqliteDialect({ database: openSqlite(target.file) }) })
      : new Kysely({
          dialect: new PostgresDialect({
            // A few connections per console: actions and pages are short queries; the leader's lock has its own session.
            pool: new pg.Pool({ connectionString: target.url, max: 8, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, types: pgTypes }),
          }),
        });
  markEngine(db, target.engine);
  return db;
}

/**
 * A store made before kysely's migrator kept its ledger in `schema_migrations`: the ids it applied
 * are copied into the migrator's table once, so none runs twice. Run inside the caller's transaction.
 */
async function adoptOldLedger(db: Store): Promise<void> {
  // kysely leaves its own tables out of the list unless asked
  const names = new Set((await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name));
  if (!names.has("schema_migrations")) return;
  // an empty one may exist already, made by a handle that did not know the old ledger
  if (!names.has("kysely_migration")) {
    await sql`CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(db);
  }
  await sql`INSERT INTO kysely_migration (name, timestamp)
            SELECT id, applied_at FROM schema_migrations WHERE id NOT IN (SELECT name FROM kysely_migration)`.execute(db);
  await sql`DROP TABLE schema_migrations`.execute(db);
}

async function migrate(db: Store, engine: Engine, migrations: Migration[]): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider(engine, migrations) }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Apply the migrations this store has not seen yet, in order. Returns the ids applied now. */
export async function applyMigrations(db: Store, migrations: Migration[] = MIGRATIONS): Promise<string[]> {
  const engine = engineOf(db);
  if (engine === "postgres") {
    await db.transaction().execute((trx) => adoptOldLedger(trx));
    // The migrator holds a lock while it runs, in one transaction, so two consoles starting together apply each once.
    return migrate(db, engine, migrations);
  }
  // kysely's migrator neither locks nor wraps its work on SQLite, whose DDL is transactional all the
  // same: the write lock is taken first (a second process starting now waits for it, then finds
  // nothing to do), and every pending migration with its ledger row is applied, or none.
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      await adoptOldLedger(conn);
      const applied = await migrate(conn, engine, migrations);
      await sql`COMMIT`.execute(conn);
      return applied;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/** Open (creating if needed) a store with every migration applied. */
export async function openStore(target: StoreTarget | string, migrations: Migration[] = MIGRATIONS): Promise<Store> {
  const db = connectStore(typeof target === "string" ? { engine: "sqlite", file: target } : target);
  try {
    await applyMigrations(db, migrations);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/** The configured store: `store.url` (or HOTSEAT_STORE_URL) on PostgreSQL, else `<dataDir>/hotseat.db`. */
export function storeTarget(): StoreTarget {
  const url = process.env.HOTSEAT_STORE_URL || getConfig().store.url;
  return url ? { engine: "postgres", url } : { engine: "sqlite", file: path.join(getConfig().dataDir, "hotseat.db") };
}

/** A target for logs and messages: a PostgreSQL URL without its password. */
export function describeTarget(t: StoreTarget = storeTarget()): string {
  if (t.engine === "sqlite") return t.file;
  try {
    const url = new URL(t.url);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres://(unparsable URL)";
  }
}

const targetKey = (t: StoreTarget) => (t.engine === "sqlite" ? `sqlite:${t.file}` : `postgres:${t.url}`);

// One handle per process (and per worker thread): Next's dev reloads and separately bundled routes share it.
const slot = processSlot<{ key: string; db: Promise<Store>; timer: NodeJS.Timeout }>("__hotseatStore");

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Whether this console prunes: set by the leader election (lib/leader), always on a store of its own.
 * Process-wide like the handle: the bundle that opens the store may not be the one that set it.
 */
const prunesSlot = processSlot<() => boolean>("__hotseatStorePrunes");
export function setPrunes(decide: () => boolean): void {
  prunesSlot.set(decide);
}
const prunes = () => (prunesSlot.get() ?? (() => true))();

/**
 * The process-wide store, opened on first use (never at import, so `next build` stays file-free),
 * with its retention: count bounds held by triggers, and a sweep by age now and every 10 minutes.
 */
export function store(): Promise<Store> {
  const target = storeTarget();
  const key = targetKey(target);
  const current = slot.get();
  if (current && current.key === key) return current.db;
  if (current) void closeStore();
  const { retention } = getConfig();
  const db = openStore(target).then(async (store) => {
    await installBounds(store, retention);
    return store;
  });
  const sweepNow = async () => {
    try {
      if (prunes()) await sweep(await db, retention);
    } catch (err) {
      console.error("[hotseat] retention sweep failed:", (err as Error).message);
    }
  };
  const timer = setInterval(sweepNow, SWEEP_EVERY_MS);
  timer.unref();
  slot.set({ key, db, timer });
  // A store that cannot open is asked again next time rather than remembered broken.
  db.then(sweepNow, () => {
    if (slot.get()?.db === db) {
      clearInterval(timer);
      slot.set(undefined);
    }
  });
  return db;
}

/** Close the process-wide store (tests, shutdown). */
export async function closeStore(): Promise<void> {
  const current = slot.get();
  slot.set(undefined);
  if (!current) return;
  clearInterval(current.timer);
  const db = await current.db.catch(() => null);
  await db?.destroy();
}
