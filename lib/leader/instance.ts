import os from "node:os";

/**
 * This console's name in /api/health and in PostgreSQL's pg_stat_activity: HOTSEAT_INSTANCE, else
 * `<hostname>:<port>` (`next start` sets PORT once it listens), else `<hostname>:<pid>`.
 */
export function instanceName(): string {
  const named = process.env.HOTSEAT_INSTANCE?.trim();
  if (named) return named;
  return `${os.hostname()}:${process.env.PORT || process.pid}`;
}
