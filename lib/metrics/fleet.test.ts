import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { fleetRegistry, type FleetMetricsInput } from "./fleet";
import { analyseFleet } from "@/lib/topology/analyse";
import { NOW, threeClusterFleet } from "@/lib/topology/fixtures";
import { appServers, incident } from "./fixtures";
import { observeHttp, processMetrics } from "./http";
import { promtool } from "./promtool";

const render = (input: FleetMetricsInput) => fleetRegistry(input).metrics();
const line = (text: string, series: string) => text.split("\n").find((l) => l.startsWith(`${series} `));

describe("the fleet's exposition", () => {
  it("exports db4's true lag with its source, and unknown lag as lag_known 0, never NaN", async () => {
    const text = await render(incident());
    expect(line(text, 'hotseat_replication_lag_seconds{server="db4",cluster="db1",source="heartbeat"}')).toBe(
      'hotseat_replication_lag_seconds{server="db4",cluster="db1",source="heartbeat"} 45',
    );
    expect(line(text, 'hotseat_replication_lag_known{server="db4",cluster="db1"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_replication_lag_known{server="db3",cluster="db1"}')).toMatch(/ 0$/);
    expect(text).not.toMatch(/hotseat_replication_lag_seconds\{server="db3"/);
    expect(text).not.toMatch(/\bNaN\b/);
    expect(line(text, 'hotseat_read_eligible{server="db4",cluster="db1"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_read_eligible{server="db2",cluster="db1"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_writer{server="db1",cluster="db1"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_writer{server="db2",cluster="db1"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_server_up{server="db3",cluster="db1"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_replication_thread_running{server="db4",cluster="db1",thread="sql"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_lag_cutoff_seconds{cluster="db1"}')).toMatch(/ 30$/);
    expect(line(text, 'hotseat_threads_running{server="db1",cluster="db1"}')).toMatch(/ 2$/);
    expect(line(text, 'hotseat_server_role{server="db2",cluster="db1",role="co-master"}')).toMatch(/ 1$/);
  });

  it("labels every server with its own cluster, with that cluster's writer and cutoff", async () => {
    const view = analyseFleet(threeClusterFleet(), { now: NOW, clusterLabels: { db5: "auth" }, clusterSettings: [{ id: "auth", lagCutoffSeconds: 5 }] });
    const text = await render(incident({ view, alerts: [{ ruleId: "replica_lagging", serverId: "db7", severity: "warning", status: "firing" }] }));
    expect(line(text, 'hotseat_writer{server="db1",cluster="db1"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_writer{server="db5",cluster="auth"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_writer{server="db8",cluster="db10"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_writer{server="db6",cluster="auth"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_lag_cutoff_seconds{cluster="auth"}')).toMatch(/ 5$/);
    expect(line(text, 'hotseat_lag_cutoff_seconds{cluster="db1"}')).toMatch(/ 30$/);
    expect(line(text, 'hotseat_alerts_firing{cluster="auth",rule="replica_lagging",severity="warning",server="db7"}')).toMatch(/ 1$/);
  });

  it("counts a failover under the cluster of the server it promoted, every cluster's counters from zero", async () => {
    const view = analyseFleet(threeClusterFleet(), { now: NOW, clusterLabels: { db5: "auth" } });
    const base = incident({ view });
    const failovers = [{ mode: "graceful", result: "ok", toServer: "db6", count: 1 }, { mode: "emergency", result: "ok", toServer: "db2", count: 3 }];
    const text = await render({ ...base, store: { ...base.store, failovers } });
    expect(line(text, 'hotseat_failovers_total{cluster="auth",mode="graceful",result="ok"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_failovers_total{cluster="db1",mode="emergency",result="ok"}')).toMatch(/ 3$/);
    expect(line(text, 'hotseat_failovers_total{cluster="db1",mode="graceful",result="ok"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_failovers_total{cluster="db10",mode="graceful",result="failed"}')).toMatch(/ 0$/);
  });

  it("writes counters as _total and poll durations as a cumulative histogram", async () => {
    const text = await render(incident());
    expect(text).toContain("# TYPE hotseat_poll_errors_total counter");
    expect(line(text, 'hotseat_poll_errors_total{server="db1",cluster="db1"}')).toMatch(/ 1$/);
    expect(text).toContain("# TYPE hotseat_poll_duration_seconds histogram");
    expect(line(text, 'hotseat_poll_duration_seconds_bucket{server="db1",cluster="db1",le="0.005"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_poll_duration_seconds_bucket{server="db1",cluster="db1",le="0.5"}')).toMatch(/ 2$/);
    expect(line(text, 'hotseat_poll_duration_seconds_bucket{server="db1",cluster="db1",le="+Inf"}')).toMatch(/ 3$/);
    expect(line(text, 'hotseat_poll_duration_seconds_count{server="db1",cluster="db1"}')).toMatch(/ 3$/);
    expect(line(text, 'hotseat_failovers_total{cluster="db1",mode="graceful",result="ok"}')).toMatch(/ 2$/);
    expect(line(text, 'hotseat_failovers_total{cluster="db1",mode="emergency",result="failed"}')).toMatch(/ 0$/);
    expect(line(text, "hotseat_notifications_sent_total")).toMatch(/ 3$/);
    expect(line(text, "hotseat_notifications_failed_total")).toMatch(/ 1$/);
    expect(line(text, 'hotseat_webhook_delivery_attempts_total{outcome="error"}')).toMatch(/ 4$/);
    for (const m of text.matchAll(/^# TYPE (\S+) counter$/gm)) expect(m[1]).toMatch(/_total$/);
  });

  it("exports firing alerts only, the maintenance switch and the leader", async () => {
    const text = await render(incident());
    expect(line(text, 'hotseat_alerts_firing{cluster="db1",rule="replica_lagging",severity="warning",server="db4"}')).toMatch(/ 1$/);
    expect(text).not.toContain('rule="replication_stopped"');
    expect(line(text, "hotseat_maintenance_enabled")).toMatch(/ 1$/);
    expect(line(text, "hotseat_leader")).toMatch(/ 1$/);
  });

  it("exports the app tier only where app servers are configured", async () => {
    expect(await render(incident())).not.toContain("hotseat_app_");
    const text = await render(incident({ appServers }));
    expect(line(text, 'hotseat_app_server_up{app_server="app2"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_app_server_saturated{app_server="app1"}')).toMatch(/ 1$/);
    expect(line(text, 'hotseat_app_php_fpm_processes{app_server="app1",state="idle"}')).toMatch(/ 0$/);
    expect(line(text, 'hotseat_app_php_fpm_listen_queue{app_server="app1"}')).toMatch(/ 12$/);
    expect(line(text, 'hotseat_app_php_fpm_max_children_reached_total{app_server="app1"}')).toMatch(/ 3$/);
    expect(line(text, 'hotseat_app_nginx_connections{app_server="app1",state="writing"}')).toMatch(/ 250$/);
    expect(text).not.toMatch(/hotseat_app_php_fpm_processes\{app_server="app2"/);
  });

  it("passes promtool check metrics, with the console's HTTP and process metrics beside it", async () => {
    observeHttp("/api/servers/[id]/history", "GET", 200, 0.012);
    observeHttp("/api/failover", "POST", 409, 0.4);
    const text = await Registry.merge([processMetrics().registry, fleetRegistry(incident({ appServers }))]).metrics();
    expect(text).toContain('hotseat_http_requests_total{route="/api/failover",method="POST",status="409"} 1');
    const check = promtool(["check", "metrics"], text);
    expect(check.output).toBe("");
    expect(check.ok).toBe(true);
  });
});
