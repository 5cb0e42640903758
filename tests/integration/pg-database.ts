/** Fresh PostgreSQL databases for tests and benches (no vitest in here, so a bench can import it). */
import crypto from "node:crypto";
import pg from "pg";

/** The PostgreSQL server the store suites create their databases on (the machine's own, trust auth). */
export const PG_ADMIN_URL = process.env.HOTSEAT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A fresh, empty PostgreSQL database; returns its URL and a drop. */
export async function createPgDatabase(prefix = "hotseat_t"): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
