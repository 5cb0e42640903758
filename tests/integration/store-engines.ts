import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe } from "vitest";
import { openStore, type Store } from "@/lib/store";
import { createPgDatabase } from "./pg-database";

// In a vitest-free module of its own (the two-consoles harness runs in a bench too), and here for the store suites.
export { PG_ADMIN_URL, createPgDatabase } from "./pg-database";

export type EngineName = "sqlite" | "postgres";

/**
 * Run a store suite once per engine: `fresh()` opens a new, fully migrated store on that engine
 * (a temporary SQLite file, or a new PostgreSQL database), each closed and removed after the suite.
 */
export function describeEachEngine(title: string, suite: (fresh: () => Promise<Store>, engine: EngineName) => void): void {
  for (const engine of ["sqlite", "postgres"] as const) {
    describe(`${title} [${engine}]`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterAll(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });
      suite(async () => {
        if (engine === "sqlite") {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-engines-"));
          const db = await openStore(path.join(dir, "hotseat.db"));
          cleanups.push(async () => {
            await db.destroy();
            fs.rmSync(dir, { recursive: true, force: true });
          });
          return db;
        }
        const database = await createPgDatabase();
        cleanups.push(database.drop); // dropped even when the store below fails to open
        const db = await openStore({ engine: "postgres", url: database.url });
        cleanups.push(() => db.destroy());
        return db;
      }, engine);
    });
  }
}
