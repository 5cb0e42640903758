import type { ServerPaths } from "./paths";

/** Options every lab server shares: small, loopback-only, GTID replication ready. */
export const SHARED_SERVER_OPTIONS = [
  "--bind-address=127.0.0.1",
  "--skip-name-resolve",
  // Binary log on every server, replicated changes logged too: any server can become a source.
  "--log-bin=mysql-bin",
  "--log-slave-updates=ON",
  "--binlog-format=ROW",
  "--gtid-domain-id=0",
  "--relay-log=relay-bin",
  "--relay-log-recovery=ON",
  // One SQL thread per replica, as in the story: it applies the batch jobs' writes serially.
  "--slave-parallel-threads=0",
  // Notice a frozen source within seconds rather than the default minute.
  "--slave-net-timeout=10",
  // Small footprint: four servers share two cores with the console and the demo site.
  "--innodb-buffer-pool-size=16M",
  "--innodb-log-file-size=8M",
  "--innodb-log-buffer-size=2M",
  "--innodb-flush-log-at-trx-commit=2",
  "--sync-binlog=0",
  "--key-buffer-size=1M",
  "--aria-pagecache-buffer-size=2M",
  "--table-open-cache=400",
  "--max-connections=200",
  "--max-binlog-size=64M",
  "--expire-logs-days=1",
];

/**
 * performance_schema on db1 only, sized to the minimum that still keeps statement digests
 * (who is writing, by rows) and recent statements per thread (their user@host). db2..db4 stay
 * OFF, so the console's processlist-sampling fallback keeps running there.
 */
export const PERFORMANCE_SCHEMA_OPTIONS = [
  "--performance-schema=ON",
  "--performance-schema-digests-size=200",
  "--performance-schema-max-digest-length=1024",
  "--performance-schema-max-sql-text-length=1024",
  "--performance-schema-consumer-events-statements-current=ON",
  "--performance-schema-consumer-events-statements-history-long=ON",
  "--performance-schema-events-statements-history-long-size=1000",
  "--performance-schema-events-statements-history-size=1",
  // Nested statements (stored programs) are not what the lab looks at.
  "--performance-schema-max-statement-stack=2",
  // Everything else as small as mariadbd allows: the lab needs digests, not waits or stages.
  "--performance-schema-events-waits-history-size=1",
  "--performance-schema-events-waits-history-long-size=100",
  "--performance-schema-events-stages-history-size=1",
  "--performance-schema-events-stages-history-long-size=100",
  "--performance-schema-events-transactions-history-size=1",
  "--performance-schema-events-transactions-history-long-size=100",
  "--performance-schema-max-thread-instances=100",
  "--performance-schema-max-table-instances=100",
  "--performance-schema-max-table-handles=100",
  "--performance-schema-max-index-stat=100",
  "--performance-schema-max-table-lock-stat=100",
  "--performance-schema-max-file-instances=500",
  "--performance-schema-max-mutex-instances=2000",
  "--performance-schema-max-rwlock-instances=1000",
  "--performance-schema-max-cond-instances=500",
  "--performance-schema-max-socket-instances=250",
  "--performance-schema-max-metadata-locks=500",
  "--performance-schema-max-prepared-statements-instances=100",
  "--performance-schema-max-program-instances=100",
  "--performance-schema-accounts-size=20",
  "--performance-schema-hosts-size=20",
  "--performance-schema-users-size=20",
  "--performance-schema-session-connect-attrs-size=512",
];

/** Whether a lab server runs with performance_schema (db1) or without (the others). */
export function hasPerformanceSchema(id: string): boolean {
  return id === "db1";
}

/**
 * The full mariadbd argument list for one lab server. `--no-defaults` comes first so no
 * /etc/mysql option file is read; the system server's configuration never leaks in.
 */
export function serverArgs(server: ServerPaths, opts: { readOnly: boolean; runAsRoot: boolean }): string[] {
  return [
    "--no-defaults",
    ...(opts.runAsRoot ? ["--user=root"] : []),
    `--datadir=${server.dataDir}`,
    `--socket=${server.socket}`,
    `--pid-file=${server.pidFile}`,
    `--log-error=${server.errorLog}`,
    `--port=${server.port}`,
    `--server-id=${server.serverId}`,
    `--read-only=${opts.readOnly ? "ON" : "OFF"}`,
    // Master-master: db1 and db2 hand out different ids, so a write taken by either side
    // during a failover never collides with one the other side had not yet replicated.
    "--auto-increment-increment=2",
    `--auto-increment-offset=${((server.serverId - 1) % 2) + 1}`,
    ...SHARED_SERVER_OPTIONS,
    ...(hasPerformanceSchema(server.id) ? PERFORMANCE_SCHEMA_OPTIONS : ["--performance-schema=OFF"]),
  ];
}

/** db1 is the writer; db2 (its co-master) and the replicas start read-only. */
export function startsReadOnly(id: string): boolean {
  return id !== "db1";
}
