import { Counter, Gauge, type Registry } from "prom-client";
import type { AppServerView } from "@/lib/appservers/types";

/** What the app tier's series read of one app server, as GET /api/app-servers describes it. */
export type AppServerMetricsView = Pick<AppServerView, "id" | "reachable" | "health" | "phpFpm" | "nginx">;

/**
 * The app tier's series (`hotseat_app_*`, label `app_server`), only for the app servers configured.
 * php-fpm's max children reached and slow requests are counts since its start: counters.
 */
export function registerAppTier(registry: Registry, appServers: readonly AppServerMetricsView[]): void {
  if (appServers.length === 0) return;
  const registers = [registry];
  const labelNames = ["app_server"] as const;
  const gauge = <L extends string>(name: string, help: string, names: readonly L[]) => new Gauge<L>({ name, help, labelNames: [...names], registers });
  const up = gauge("hotseat_app_server_up", "1 when the app server's status pages answer, else 0.", labelNames);
  const saturated = gauge("hotseat_app_server_saturated", "1 when the app server has no idle worker left (or a listen queue), else 0.", labelNames);
  const fpm = gauge("hotseat_app_php_fpm_processes", "php-fpm worker processes by state (active, idle).", [...labelNames, "state"]);
  const queue = gauge("hotseat_app_php_fpm_listen_queue", "Requests waiting for a free php-fpm worker.", labelNames);
  const maxChildren = new Counter({ name: "hotseat_app_php_fpm_max_children_reached_total", help: "Times php-fpm hit pm.max_children since it started.", labelNames: [...labelNames], registers });
  const slow = new Counter({ name: "hotseat_app_php_fpm_slow_requests_total", help: "php-fpm requests slower than request_slowlog_timeout since it started.", labelNames: [...labelNames], registers });
  const nginx = gauge("hotseat_app_nginx_connections", "nginx client connections by state (active, reading, writing, waiting).", [...labelNames, "state"]);
  const rps = gauge("hotseat_app_nginx_requests_per_second", "Requests per second nginx answered between the console's last two reads.", labelNames);
  for (const a of appServers) {
    const app_server = a.id;
    up.set({ app_server }, a.reachable ? 1 : 0);
    saturated.set({ app_server }, a.health === "saturated" ? 1 : 0);
    if (a.phpFpm) {
      fpm.set({ app_server, state: "active" }, a.phpFpm.activeProcesses);
      fpm.set({ app_server, state: "idle" }, a.phpFpm.idleProcesses);
      queue.set({ app_server }, a.phpFpm.listenQueue);
      maxChildren.inc({ app_server }, Math.max(0, a.phpFpm.maxChildrenReached));
      slow.inc({ app_server }, Math.max(0, a.phpFpm.slowRequests));
    }
    if (a.nginx) {
      for (const state of ["active", "reading", "writing", "waiting"] as const) nginx.set({ app_server, state }, a.nginx[state]);
      // unknown until two reads are apart: absent rather than a made-up 0
      if (a.nginx.requestsPerSecond !== null) rps.set({ app_server }, a.nginx.requestsPerSecond);
    }
  }
}
