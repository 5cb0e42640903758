/**
 * A statement refused because it would break a UNIQUE index or primary key, on either engine:
 * how a one-at-a-time fact guarded by the store (one running switch, one claim of an action)
 * tells the loser of a race.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // better-sqlite3 names SQLite's extended result code; PostgreSQL answers SQLSTATE 23505
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
