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
        // pg's pool.end() resolves before its sessions have closed: FORCE would kill them mid-goodbye,
        // an uncaught error in the test process. Wait (a little) for them to leave first.
        for (let i = 0; i < 40; i++) {
          const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
