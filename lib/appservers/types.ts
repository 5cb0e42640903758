/** The app tier as Hot Seat reads it: php-fpm's status page and nginx's stub_status. */

export type AppServerHealth = "ok" | "saturated" | "unreachable";
export type AppService = "php-fpm" | "nginx";
export const APP_SERVICES: readonly AppService[] = ["php-fpm", "nginx"];

/** One read of php-fpm's pm.status_path page (?json). Counters are as php-fpm reports them. */
export interface PhpFpmStatus {
  pool: string | null;
  activeProcesses: number;
  idleProcesses: number;
  totalProcesses: number;
  /** Requests waiting in the pool's listen backlog for a free worker (TCP listeners only). */
  listenQueue: number;
  maxChildrenReached: number;
  slowRequests: number;
  acceptedConnections: number;
  /** Seconds since the pool (re)started: it drops on a reload. */
  startSince: number | null;
}

/** One read of nginx's stub_status. */
export interface NginxStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
  reading: number;
  writing: number;
  waiting: number;
}

/** What one poll of one status page found. */
export type EndpointRead<T> = { ok: true; status: T; at: number } | { ok: false; error: string; at: number };

/** The latest poll of one app server, with rates from the poll before. Never holds a URL's credentials. */
export interface AppServerSample {
  id: string;
  name: string;
  /** ms of the last finished poll; 0 before the first */
  sampledAt: number;
  /** ms of the last poll where every configured page answered; null if never */
  lastSeenAt: number | null;
  phpFpm: EndpointRead<PhpFpmStatus> | null;
  nginx: EndpointRead<NginxStatus> | null;
  acceptedPerSecond: number | null;
  requestsPerSecond: number | null;
}

/** GET /api/app-servers: one app server. Field names are a stable contract. */
export interface AppServerView {
  id: string;
  name: string;
  reachable: boolean;
  health: AppServerHealth;
  /** Why it is unreachable (which page failed and how); null when reachable. */
  error: string | null;
  lastSeenAt: string | null;
  phpFpm:
    | (Pick<PhpFpmStatus, "activeProcesses" | "idleProcesses" | "totalProcesses" | "listenQueue" | "maxChildrenReached" | "slowRequests"> & {
        acceptedPerSecond: number | null;
      })
    | null;
  nginx: (Pick<NginxStatus, "active" | "reading" | "writing" | "waiting"> & { requestsPerSecond: number | null }) | null;
  /** Services an operator can restart here (a command is configured); the command itself is never shown. */
  restartable: AppService[];
}

/** The app tier and the database tier on one clock: who waits on whom. */
export interface CausalLine {
  /** "The app servers are waiting on the database: restarting them will not help (…)." */
  message: string;
  /** App servers that are saturated. */
  appServerIds: string[];
  /** The database problems behind it: writer_overloaded, all_replicas_past_cutoff. */
  databaseProblems: { code: string; serverId: string | null; message: string }[];
}

/** One history point of one app server, per poll tick. */
export interface AppServerHistoryPoint {
  t: number;
  health: AppServerHealth;
  activeProcesses: number | null;
  totalProcesses: number | null;
  listenQueue: number | null;
  requestsPerSecond: number | null;
}
