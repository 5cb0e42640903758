import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type StoreDb } from "./db";
import { MIGRATIONS, type Migration } from "./migrations";

const dirs: string[] = [];
const opened: StoreDb[] = [];
function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-store-"));
  dirs.push(dir);
  return path.join(dir, "nested", "hotseat.db");
}
function open(file: string, migrations?: Migration[]) {
  const db = openStore(file, migrations);
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("store", () => {
  it("opens in WAL mode with every migration applied, and keeps rows across a reopen", () => {
    const file = tempFile();
    const db = open(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const applied = db.prepare("SELECT id FROM schema_migrations ORDER BY id").pluck().all();
    expect(applied).toEqual(MIGRATIONS.map((m) => m.id));
    db.prepare("INSERT INTO audit (at, actor, action, result) VALUES ('2025-01-01T00:00:00.000Z', 'cto', 'test', 'ok')").run();
    db.close();

    const again = open(file);
    expect(again.prepare("SELECT actor FROM audit").pluck().all()).toEqual(["cto"]);
  });

  it("applies a new migration once, in order, on the next start", () => {
    const file = tempFile();
    open(file).close();
    const extra: Migration[] = [...MIGRATIONS, { id: "900_test_table", up: "CREATE TABLE test_table (x INTEGER)" }];
    const db = open(file, extra);
    expect(db.prepare("SELECT id FROM schema_migrations WHERE id = '900_test_table'").pluck().get()).toBe("900_test_table");
    db.close();
    // a second start must not try to create the table again
    expect(() => open(file, extra)).not.toThrow();
  });

  it("rolls back a failing migration so it can be fixed and retried", () => {
    const file = tempFile();
    const broken: Migration[] = [...MIGRATIONS, { id: "901_broken", up: "CREATE TABLE half (x INTEGER); CREATE TABLE oops (" }];
    expect(() => open(file, broken)).toThrow();
    const db = open(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare("SELECT id FROM schema_migrations WHERE id = '901_broken'").get()).toBeUndefined();
  });
});

describe("store files", () => {
  it("a new data directory is 0700 and the store file 0600, its WAL too; an existing looser file is tightened", () => {
    const file = tempFile();
    const db = open(file);
    db.prepare("INSERT INTO audit (at, actor, action, result) VALUES (?, 'x', 'y', 'ok')").run(new Date().toISOString());
    const mode = (p: string) => fs.statSync(p).mode & 0o777;
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    db.close();

    fs.chmodSync(file, 0o644);
    open(file).close();
    expect(mode(file)).toBe(0o600);
  });
});
