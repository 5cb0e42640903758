import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAppServers, stopAppServers } from "@/lib/appservers";
import { getCollector } from "@/lib/collector";
import { resetConfigCache, serverPassword } from "@/lib/config";
import { setLeader } from "@/lib/leader";
import { closeQuietly, openConnection, type Connection } from "@/lib/mysql";
import { apiRequest, labConfig, labDir, labSecrets, statementsBy, waitFor } from "./lab";

type Route = (req: ReturnType<typeof apiRequest>, ctx: { params: Promise<never> }) => Promise<Response>;

// GET /api/metrics serves the collector's memory: a viewer token (or metrics.public) lets a scraper
// in, the series describe the real lab, and a crowd of scrapes sends no query to any server.
describe("GET /api/metrics", () => {
  const config = labConfig();
  const configPath = path.join(labDir, "hotseat.config.json");
  let metrics: Route;
  let probe: Connection;
  let tmp: string;

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = configPath;
    resetConfigCache();
    metrics = (await import("@/app/api/metrics/route")).GET as Route;
    await waitFor(() => getCollector().historyOf("db4", 60)!.length >= 2, 15_000, "two polls");
    await waitFor(() => getAppServers().snapshot().appServers.some((a) => a.reachable), 15_000, "the app tier polled");
    const db1 = config.servers[0];
    probe = await openConnection({ host: db1.host, port: db1.port, user: db1.user, password: serverPassword(db1) });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-metrics-"));
  });

  afterAll(() => {
    closeQuietly(probe);
    getCollector().stop();
    stopAppServers();
    process.env.HOTSEAT_CONFIG = configPath;
    resetConfigCache();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const scrape = (token?: string) => metrics(apiRequest("/api/metrics", token), { params: Promise.resolve({}) as Promise<never> });

  it("answers a viewer token with the lab's servers in the text format, and 401 without one", async () => {
    const anonymous = await scrape();
    expect(anonymous.status).toBe(401);
    const res = await scrape(labSecrets().tokens["lab-viewer"]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const s of config.servers) {
      expect(text).toContain(`hotseat_server_up{server="${s.id}",cluster="db1"} 1`);
      expect(text).not.toContain(serverPassword(s));
    }
    expect(text).toContain('hotseat_writer{server="db1",cluster="db1"} 1');
    expect(text).toMatch(/^hotseat_replication_lag_seconds\{server="db4",cluster="db1",source="heartbeat"\} \d/m);
    expect(text).toMatch(/^hotseat_poll_duration_seconds_count\{server="db4",cluster="db1"\} [1-9]/m);
    expect(text).toContain(`hotseat_lag_cutoff_seconds{cluster="db1"} ${config.lagCutoffSeconds}`);
    expect(text).not.toMatch(/\bNaN\b/);
    // the lab's php-fpm and nginx, from the app-server poller's memory
    expect(text).toContain('hotseat_app_server_up{app_server="app1"} 1');
    expect(text).toMatch(/^hotseat_app_php_fpm_processes\{app_server="app1",state="idle"\} \d/m);
  });

  it("says whether this console leads: 1 on its own, 0 while another console leads", async () => {
    const token = labSecrets().tokens["lab-viewer"];
    expect(await (await scrape(token)).text()).toMatch(/^hotseat_leader 1$/m);
    setLeader(false);
    try {
      expect(await (await scrape(token)).text()).toMatch(/^hotseat_leader 0$/m);
    } finally {
      setLeader(true);
    }
  });

  it("lets anyone in when metrics.public is true", async () => {
    const publicConfig = path.join(tmp, "public.json");
    fs.writeFileSync(publicConfig, JSON.stringify({ ...JSON.parse(fs.readFileSync(configPath, "utf8")), metrics: { public: true } }));
    process.env.HOTSEAT_CONFIG = publicConfig;
    resetConfigCache();
    try {
      const res = await scrape();
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("hotseat_read_eligible");
    } finally {
      process.env.HOTSEAT_CONFIG = configPath;
      resetConfigCache();
    }
    expect((await scrape()).status).toBe(401);
  });

  it("counts the scrapes themselves by route pattern and status", async () => {
    await scrape();
    const text = await (await scrape(labSecrets().tokens["lab-viewer"])).text();
    expect(text).toMatch(/^hotseat_http_requests_total\{route="\/api\/metrics",method="GET",status="401"\} [1-9]/m);
    expect(text).toMatch(/^hotseat_http_requests_total\{route="\/api\/metrics",method="GET",status="200"\} [1-9]/m);
  });

  it("sends no query to MySQL per scrape", async () => {
    getCollector().stop(); // no polling during the measurement: only scrapes could cause queries
    const questions = () => statementsBy(probe, config.servers[0].user);
    const token = labSecrets().tokens["lab-viewer"];
    const before = await questions();
    const bodies = await Promise.all(Array.from({ length: 100 }, () => scrape(token).then((r) => r.text())));
    const after = await questions();
    expect(bodies.every((b) => b.includes('hotseat_server_up{server="db1",cluster="db1"}'))).toBe(true);
    // Only the probe's own SELECT is counted in between.
    expect(after - before).toBeLessThanOrEqual(1);
  });
});
