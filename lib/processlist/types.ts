import type { ProcessRow } from "@/lib/mysql/types";

/** Who a thread belongs to: an application or person, replication, the server itself, or the console. */
export type ProcessKind = "client" | "replication" | "system" | "self";

export const PROCESS_KINDS: readonly ProcessKind[] = ["client", "replication", "system", "self"];

/**
 * What makes a thread stand out. long_running: a client statement past
 * `processlist.longQuerySeconds`; root_user: run as root; interactive_client: most likely typed
 * into a command-line client (see classify.ts for the heuristic).
 */
export type ProcessFlag = "long_running" | "root_user" | "interactive_client";

/** One thread as GET /api/processlist returns it (the README's API contract, plus `role`). */
export interface ProcessView extends ProcessRow {
  serverId: string;
  kind: ProcessKind;
  flags: ProcessFlag[];
  /** For replication and system threads: what the thread is, in words ("SQL thread", "binlog dump to 127.0.0.1"). */
  role: string | null;
}

/** What classification needs beyond the row itself. */
export interface ClassifyContext {
  serverId: string;
  /** Thread ids of the console's own connections to this server. */
  selfThreadIds: readonly number[];
  longQuerySeconds: number;
}

export type { ProcessRow };
