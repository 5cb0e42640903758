import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, openStore } from "./db";
import { MIGRATIONS, statementsOf, type Migration } from "./migrations";
import type { Store } from "./schema";

const dirs: string[] = [];
const opened: Store[] = [];
function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-store-"));
  dirs.push(dir);
  return path.join(dir, "nested", "hotseat.db");
}
async function open(file: string, migrations?: Migration[]) {
  const db = await openStore(file, migrations);
  opened.push(db);
  return db;
}
async function close(db: Store) {
  opened.splice(opened.indexOf(db), 1);
  await db.destroy();
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const ledger = async (db: Store) => (await sql<{ name: string; timestamp: string }>`SELECT name, timestamp FROM kysely_migration ORDER BY name`.execute(db)).rows;
const tableNames = async (db: Store) => (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name);
const addAudit = (db: Store, actor: string) => db.insertInto("audit").values({ at: "2025-01-01T00:00:00.000Z", actor, role: "admin", via: null, action: "test", server_id: null, params: null, result: "ok", error: null, ip: null }).execute();
const actors = async (db: Store) => (await db.selectFrom("audit").select("actor").orderBy("id").execute()).map((r) => r.actor);

describe("store", () => {
  it("opens in WAL mode with every migration applied, and keeps rows across a reopen", async () => {
    const file = tempFile();
    const db = await open(file);
    expect((await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db)).rows[0].journal_mode).toBe("wal");
    expect((await ledger(db)).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.id).sort());
    await addAudit(db, "cto");
    await close(db);

    const again = await open(file);
    expect(await actors(again)).toEqual(["cto"]);
    expect(await applyMigrations(again)).toEqual([]);
  });

  it("applies new migrations once each, in id order whatever the list's order, on the next start", async () => {
    const file = tempFile();
    await close(await open(file));
    const extra: Migration[] = [
      ...MIGRATIONS,
      { id: "902_test_fill", up: "INSERT INTO test_table (x) VALUES (2)" },
      { id: "901_test_table", up: "CREATE TABLE test_table (x INTEGER);\nINSERT INTO test_table (x) VALUES (1)" },
    ];
    const db = await open(file, extra);
    const xs = async (d: Store) => (await sql<{ x: number }>`SELECT x FROM test_table ORDER BY x`.execute(d)).rows.map((r) => r.x);
    expect(await xs(db)).toEqual([1, 2]);
    expect((await ledger(db)).slice(-2).map((m) => m.name)).toEqual(["901_test_table", "902_test_fill"]);
    await close(db);
    // a second start must not create the table or add its rows again
    const again = await open(file, extra);
    expect(await applyMigrations(again, extra)).toEqual([]);
    expect(await xs(again)).toEqual([1, 2]);
  });

  it("rolls back a failing migration so it can be fixed and retried", async () => {
    const file = tempFile();
    await close(await open(file));
    const broken: Migration[] = [...MIGRATIONS, { id: "900_whole", up: "CREATE TABLE whole (x INTEGER)" }, { id: "901_broken", up: "CREATE TABLE half (x INTEGER);\nCREATE TABLE oops (" }];
    await expect(openStore(file, broken)).rejects.toThrow(/syntax error|incomplete input/);
    const db = await open(file);
    // the start applies all it found pending, or none of them
    expect(await tableNames(db)).not.toContain("half");
    expect(await tableNames(db)).not.toContain("whole");
    expect((await ledger(db)).map((m) => m.name)).not.toContain("901_broken");
    await close(db);
    const fixed = await open(file, [...broken.slice(0, -1), { id: "901_broken", up: "CREATE TABLE half (x INTEGER)" }]);
    expect(await tableNames(fixed)).toEqual(expect.arrayContaining(["half", "whole"]));
  });

  it("processes opening one new file at once apply each migration once", async () => {
    const file = tempFile();
    // each waits for the same instant, once loaded, so that their starts overlap
    const at = Date.now() + 4000;
    const script = `import { openStore } from "./lib/store/db";
      setTimeout(() => openStore(${JSON.stringify(file)}).then((db) => db.destroy()).catch((e) => { console.error(e); process.exit(1); }), ${at} - Date.now());`;
    const tsx = path.resolve("node_modules/.bin/tsx");
    await Promise.all(Array.from({ length: 4 }, () => promisify(execFile)(tsx, ["-e", script], { cwd: path.resolve(".") })));
    const db = await open(file);
    expect((await ledger(db)).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.id).sort());
  }, 30_000);
});

describe("a store of the previous release", () => {
  const OLD = MIGRATIONS.filter((m) => Number(m.id.slice(0, 3)) <= 70);

  /** As the previous release made it: each migration run by better-sqlite3, its id listed in schema_migrations. */
  function oldStore(file: string, extra?: (old: Database.Database) => void) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    OLD.forEach((m, i) => {
      for (const statement of statementsOf(m, "sqlite")) old.exec(statement);
      old.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(m.id, `2025-0${1 + (i % 9)}-01T00:00:00.000Z`);
    });
    old.prepare("INSERT INTO audit (at, actor, role, action, result) VALUES ('2025-06-01T00:00:00.000Z', 'oncall', 'operator', 'kill', 'ok')").run();
    old.prepare("INSERT INTO runbooks (slug, title, body, updated_at, updated_by) VALUES ('replica-lag', 'Lag', 'edited', '2025-06-01T00:00:00.000Z', 'cto')").run();
    old.prepare("UPDATE maintenance_state SET enabled = 1, message = 'old' WHERE id = 1").run();
    extra?.(old);
    const applied = old.prepare("SELECT id, applied_at FROM schema_migrations ORDER BY id").all() as { id: string; applied_at: string }[];
    old.close();
    return applied;
  }

  it("opens with nothing re-applied, its rows kept, and its ledger adopted by kysely's migrator", async () => {
    expect(OLD.map((m) => m.id)).toEqual(["001_audit", "010_maintenance", "020_status", "030_failover", "040_alerts", "050_retention_bounds", "060_failover_lease", "070_published_writer_per_cluster"]);
    const file = tempFile();
    const applied = oldStore(file);
    const db = await open(file);
    const adopted = await ledger(db);
    // the old ids with their old times (a re-run would have failed: its tables exist)
    expect(adopted.slice(0, OLD.length)).toEqual(applied.map((m) => ({ name: m.id, timestamp: m.applied_at })));
    // and any migration newer than the previous release, applied now
    expect(adopted.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.id).sort());
    expect(await tableNames(db)).not.toContain("schema_migrations");
    expect(await actors(db)).toEqual(["oncall"]);
    expect(await db.selectFrom("runbooks").select(["slug", "body"]).execute()).toEqual([{ slug: "replica-lag", body: "edited" }]);
    expect(await db.selectFrom("maintenance_state").select(["enabled", "message"]).execute()).toEqual([{ enabled: 1, message: "old" }]);
    await close(db);

    // the next start finds the adopted ledger and applies nothing
    const again = await open(file);
    expect(await applyMigrations(again)).toEqual([]);
    expect(await ledger(again)).toEqual(adopted);
  });

  it("is adopted too when an empty kysely ledger was made beside the old one", async () => {
    const file = tempFile();
    oldStore(file, (old) => old.exec("CREATE TABLE kysely_migration (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)"));
    const db = await open(file);
    expect((await ledger(db)).map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.id).sort());
    expect(await actors(db)).toEqual(["oncall"]);
  });
});

describe("store files", () => {
  it("a new data directory is 0700 and the store file 0600, its WAL too; an existing looser file is tightened", async () => {
    const file = tempFile();
    const db = await open(file);
    await addAudit(db, "x");
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await close(db);

    fs.chmodSync(file, 0o644);
    await close(await open(file));
    expect(mode(file)).toBe(0o600);
  });
});
