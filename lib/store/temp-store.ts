import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openStore } from "./db";
import type { Store } from "./schema";

/**
 * For unit tests: a function that opens a fresh SQLite store in a temporary directory, each closed
 * and removed after every test. (tests/integration/helpers/store-engines.ts gives both engines.)
 */
export function tempStores(prefix: string): () => Promise<Store> {
  const opened: { db: Store; dir: string }[] = [];
  afterEach(async () => {
    for (const { db, dir } of opened.splice(0)) {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hotseat-${prefix}-`));
    const db = await openStore(path.join(dir, "hotseat.db"));
    opened.push({ db, dir });
    return db;
  };
}
