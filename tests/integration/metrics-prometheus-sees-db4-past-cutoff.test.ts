import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import { resetConfigCache } from "@/lib/config";
import { freePort } from "@/lab";
import { dashboardExprs } from "@/lib/metrics/fixtures";
import { labConfig, labDir, labSecrets, scenario, waitFor } from "./lab";

type Route = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

const root = path.resolve(import.meta.dirname, "../..");

/** The real GET /api/metrics handler behind a real HTTP server (the build comes after the integration tests). */
async function serveMetrics(route: Route): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/api/metrics") return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await route(new NextRequest(url, { headers }), { params: Promise.resolve({}) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

// A real Prometheus scrapes the console every second and evaluates docs/prometheus/hotseat-rules.yml:
// when db4's SQL thread stops, PromQL sees its real lag pass the cutoff, db4 leave the read pool, and
// the alert fire.
describe("Prometheus scraping the console", () => {
  const config = labConfig();
  const cutoff = config.lagCutoffSeconds;
  let tmp: string;
  let console_: { server: http.Server; port: number };
  let prometheus: ChildProcess;
  let promUrl: string;
  let promLog = "";

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${promUrl}${pathAndQuery}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`${pathAndQuery}: ${body.error}`);
    return body.data;
  };
  const instant = (expr: string) => api<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`).then((d) => d.result);

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
    resetConfigCache();
    console_ = await serveMetrics((await import("@/app/api/metrics/route")).GET as Route);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-prometheus-"));
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    fs.writeFileSync(
      path.join(tmp, "prometheus.yml"),
      JSON.stringify({
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: [path.join(root, "docs/prometheus/hotseat-rules.yml")],
        scrape_configs: [
          {
            job_name: "hotseat",
            metrics_path: "/api/metrics",
            authorization: { type: "Bearer", credentials: labSecrets().tokens["lab-viewer"] },
            static_configs: [{ targets: [`127.0.0.1:${console_.port}`] }],
          },
        ],
      }),
    );
    prometheus = spawn(
      "prometheus",
      [`--config.file=${path.join(tmp, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(tmp, "data")}`, `--web.listen-address=127.0.0.1:${promPort}`],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    prometheus.stderr!.on("data", (d: Buffer) => (promLog = (promLog + d.toString()).slice(-4000)));
    await waitFor(async () => (await instant('up{job="hotseat"} == 1')).length === 1, 30_000, "Prometheus scraping the console");
    await waitFor(async () => (await instant('hotseat_read_eligible{server="db4"} == 1')).length === 1, 30_000, "db4 in the read pool");
  });

  afterAll(async () => {
    scenario("start-sql", "db4");
    prometheus?.kill("SIGTERM");
    await new Promise((r) => (prometheus?.exitCode != null ? r(null) : prometheus?.once("exit", r)));
    await new Promise((r) => console_?.server.close(r));
    getCollector().stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("sees db4's lag pass the cutoff and db4 leave the read pool, and fires the alert rule", async () => {
    scenario("stop-sql", "db4");
    try {
      const past = await waitFor(
        () => instant('hotseat_replication_lag_seconds{server="db4"} > ignoring (server, source) group_left hotseat_lag_cutoff_seconds').then((r) => r[0]),
        (cutoff + 15) * 1000,
        `db4's lag past ${cutoff} s in Prometheus`,
      );
      expect(past.metric).toMatchObject({ server: "db4", cluster: "db1", source: "heartbeat", job: "hotseat" });
      expect(Number(past.value[1])).toBeGreaterThan(cutoff);
      // The lag Prometheus holds is the collector's own number, seconds behind the live one at most.
      const live = getCollector().topology().servers.find((s) => s.id === "db4")!.lagSeconds!;
      expect(Math.abs(live - Number(past.value[1]))).toBeLessThan(3);

      const out = await instant('hotseat_read_eligible{server="db4"} == 0');
      expect(out.map((s) => s.metric.server)).toEqual(["db4"]);
      expect((await instant('hotseat_read_eligible{server="db3"} == 1')).length).toBe(1);

      // for: 30s in the rule file, evaluated every second
      const alert = await waitFor(
        async () =>
          (await api<{ alerts: { labels: Record<string, string>; state: string }[] }>("/api/v1/alerts")).alerts.find(
            (a) => a.labels.alertname === "HotSeatReplicaLagPastCutoff" && a.labels.server === "db4" && a.state === "firing",
          ),
        45_000,
        "HotSeatReplicaLagPastCutoff firing for db4",
      );
      expect(alert.labels).toMatchObject({ severity: "warning", cluster: "db1" });
      const firing = await instant('ALERTS{alertstate="firing", alertname=~"HotSeat.*"}');
      expect(firing.map((s) => `${s.metric.alertname}:${s.metric.server ?? ""}`)).toEqual(
        expect.arrayContaining(["HotSeatReplicaLagPastCutoff:db4", "HotSeatReplicationStopped:db4"]),
      );
      // db3 still serves reads: not every replica is out
      expect(firing.some((s) => s.metric.alertname === "HotSeatAllReplicasPastCutoff")).toBe(false);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nprometheus log tail:\n${promLog}`);
    } finally {
      scenario("start-sql", "db4");
    }
  }, 120_000);

  it("answers every query of the Grafana dashboard", async () => {
    for (const expr of dashboardExprs()) {
      const q = expr.replaceAll("$cluster", ".*").replaceAll("$__rate_interval", "1m").replaceAll("$__range", "5m");
      await expect(instant(q), expr).resolves.toBeInstanceOf(Array);
    }
    expect((await instant('max by (server) (hotseat_writer{cluster=~".*"} == 1)')).map((s) => s.metric.server)).toEqual(["db1"]);
    expect((await instant("histogram_quantile(0.95, sum by (server, le) (rate(hotseat_poll_duration_seconds_bucket[1m])))")).length).toBe(4);
  });
});
