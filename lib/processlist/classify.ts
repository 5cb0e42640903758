import type { ClassifyContext, ProcessFlag, ProcessKind, ProcessRow, ProcessView } from "./types";

/** Replica-side thread commands on MariaDB (SHOW PROCESSLIST Command column). */
const MARIADB_REPLICA_COMMANDS: Record<string, string> = {
  slave_io: "IO thread",
  slave_sql: "SQL thread",
  slave_worker: "parallel worker",
};

/** Source-side: the thread that streams the binlog to one replica. */
const BINLOG_DUMP = /^binlog dump/i;

/**
 * MySQL 8 shows every replication thread as user "system user", command "Connect"; only the
 * State tells the receiver, the coordinator and a worker apart.
 */
function mysqlReplicationRole(state: string): string | null {
  const s = state.toLowerCase();
  if (/waiting for (source|master) to send event|connecting to (source|master)|queueing (source|master) event|reconnecting|requesting binlog|checking (source|master) version|registering (replica|slave)|waiting for the (replica|slave) sql thread to free/.test(s)) {
    return "IO thread";
  }
  if (/waiting for an event from coordinator|waiting for dependent transaction|executing event|applying batch of row changes|waiting for preceding transaction|waiting for replica workers to process|waiting for slave workers to process/.test(s)) {
    // "Applying batch" also appears on a single-threaded SQL thread; a worker is the usual case since 8.0.27.
    return /coordinator|dependent|preceding/.test(s) ? "parallel worker" : "SQL thread";
  }
  if (/(replica|slave) has read all relay log|reading event from the relay log|waiting for the next event in relay log|making temporary file|waiting until (source|master)_delay|waiting for (replica|slave) mutex on exit|waiting for workers to exit/.test(s)) {
    return "SQL thread";
  }
  return null;
}

/** Kind and role of a thread from the processlist alone (plus the console's own thread ids). */
export function kindOf(row: ProcessRow, selfThreadIds: readonly number[]): { kind: ProcessKind; role: string | null } {
  if (selfThreadIds.includes(row.id)) return { kind: "self", role: "Hot Seat's own connection" };
  const command = row.command.toLowerCase();
  const user = row.user.toLowerCase();
  const mariadbRole = MARIADB_REPLICA_COMMANDS[command];
  if (mariadbRole) return { kind: "replication", role: mariadbRole };
  if (BINLOG_DUMP.test(row.command)) {
    const replica = row.host.replace(/:\d+$/, "");
    return { kind: "replication", role: `binlog dump to replica ${replica || "?"}` };
  }
  if (user === "event_scheduler") return { kind: "system", role: "event scheduler" };
  if (user === "system user") {
    const role = mysqlReplicationRole(row.state ?? "");
    if (role) return { kind: "replication", role };
    // MySQL runs its replication threads as "system user" with command Connect; its own daemons use Daemon.
    if (command === "connect") return { kind: "replication", role: "replication thread" };
    return { kind: "system", role: row.state ? `server thread (${row.state})` : "server thread" };
  }
  if (command === "daemon") return { kind: "system", role: row.state ? `daemon (${row.state})` : "daemon" };
  return { kind: "client", role: null };
}

/** Commands in which a client thread is doing something (a Sleep of an hour is idle, not long-running). */
const ACTIVE_COMMANDS = new Set(["query", "execute", "fetch"]);

/** A connection through the Unix socket (or named pipe) shows a host with no port: someone logged in on the box. */
function isLocalSocketHost(host: string): boolean {
  return host !== "" && !/:\d+$/.test(host);
}

/**
 * interactive_client heuristic: SHOW PROCESSLIST cannot name the client program (that needs
 * performance_schema.session_connect_attrs). Applications connect over TCP, so their host reads
 * "ip:port"; a person on the database host with the mysql/mariadb CLI comes through the socket, so
 * the host reads "localhost" with no port. A socket session that is running a statement is the
 * signal; user root over the socket is the classic case (root@localhost authenticates by socket).
 */
export function isInteractiveClient(row: ProcessRow): boolean {
  return isLocalSocketHost(row.host) && ACTIVE_COMMANDS.has(row.command.toLowerCase());
}

/** The thread fields that say whether it runs a long client statement. */
export type StatementThread = Pick<ProcessRow, "command" | "info" | "timeSeconds"> & { kind: ProcessKind };

/**
 * The one definition of a long-running client statement, shared by the processlist flag, the
 * dashboard problem and the alert: a client thread running a statement (not sleeping) for at least
 * `limitSeconds`.
 */
export function isLongRunningStatement(t: StatementThread, limitSeconds: number): boolean {
  return t.kind === "client" && t.info != null && ACTIVE_COMMANDS.has(t.command.toLowerCase()) && t.timeSeconds >= limitSeconds;
}

/** Flags for a thread of the given kind; only client threads are flagged. */
export function flagsOf(row: ProcessRow, kind: ProcessKind, longQuerySeconds: number): ProcessFlag[] {
  if (kind !== "client") return [];
  const flags: ProcessFlag[] = [];
  if (isLongRunningStatement({ ...row, kind }, longQuerySeconds)) flags.push("long_running");
  if (row.user.toLowerCase() === "root") flags.push("root_user");
  if (isInteractiveClient(row)) flags.push("interactive_client");
  return flags;
}

/** One processlist row as the API shows it: kind, flags and role added. */
export function classifyProcess(row: ProcessRow, ctx: ClassifyContext): ProcessView {
  const { kind, role } = kindOf(row, ctx.selfThreadIds);
  return {
    serverId: ctx.serverId,
    id: row.id,
    user: row.user,
    host: row.host,
    db: row.db,
    command: row.command,
    timeSeconds: row.timeSeconds,
    state: row.state,
    info: row.info,
    ...(row.infoLength !== undefined && { infoLength: row.infoLength }),
    kind,
    flags: flagsOf(row, kind, ctx.longQuerySeconds),
    role,
  };
}
