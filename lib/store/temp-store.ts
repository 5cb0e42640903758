import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openStore, type StoreDb } from "./db";

/**
 * For unit tests: a function that opens a fresh store in a temporary directory, each closed and
 * removed after every test.
 */
export function tempStores(prefix: string): () => StoreDb {
  const opened: { db: StoreDb; dir: string }[] = [];
  afterEach(() => {
    for (const { db, dir } of opened.splice(0)) {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hotseat-${prefix}-`));
    const db = openStore(path.join(dir, "hotseat.db"));
    opened.push({ db, dir });
    return db;
  };
}
