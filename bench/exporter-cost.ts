/**
 * What monitoring costs the monitored servers, measured side by side in one run on a lab of its own:
 * MySQL questions per second on each server caused by Hot Seat's collector (replication, global
 * status, variables, the processlist, the heartbeat written and read, performance_schema digests),
 * beside Debian's prometheus-mysqld-exporter with its default collectors, scraped every second as a
 * 1 s Prometheus job would. Goal: Hot Seat at most 0.5 of the exporter's.
 *
 * Each window subtracts the probe's own SHOW GLOBAL STATUS (bench/lib.ts) and the lab's idle rate.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Collector } from "@/lib/collector";
import { loadConfigFile, serverPassword, type HotSeatConfig } from "@/lib/config";
import { freePort } from "@/lab";
import { closeProbes, onOwnLab, probes, questionsPerSecond, root, sleep } from "./lib";

const lab = { dir: path.join(root, "var/bench-lab-exporter"), portBase: Number(process.env.BENCH_LAB_PORT_BASE ?? 43160) };
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 20_000);
const WARM_UP_MS = 3000;
const fmt = (n: number, d = 2) => n.toFixed(d);

/** One mysqld_exporter per server, with the console's own monitoring user and default collectors. */
async function startExporters(config: HotSeatConfig): Promise<{ children: ChildProcess[]; urls: string[] }> {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  for (const s of config.servers) {
    const port = await freePort();
    children.push(
      spawn("prometheus-mysqld-exporter", [`--web.listen-address=127.0.0.1:${port}`], {
        env: { ...process.env, DATA_SOURCE_NAME: `${s.user}:${serverPassword(s)}@(${s.host}:${s.port})/` },
        stdio: "ignore",
      }),
    );
    urls.push(`http://127.0.0.1:${port}/metrics`);
  }
  for (const url of urls) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const body = await fetch(url).then((r) => r.text(), () => "");
      if (/^mysql_up 1$/m.test(body)) break;
      if (Date.now() > deadline) throw new Error(`mysqld_exporter at ${url} did not reach its server`);
      await sleep(250);
    }
  }
  return { children, urls };
}

/** Scrape every exporter once a second until stopped; returns the scrapes per second each exporter saw. */
function scrapeEverySecond(urls: string[]): () => Promise<number> {
  let running = true;
  let scrapes = 0;
  const since = Date.now();
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await Promise.all(urls.map((u) => fetch(u).then((r) => r.arrayBuffer()).then(() => scrapes++, () => undefined)));
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return scrapes / urls.length / ((Date.now() - since) / 1000);
  };
}

onOwnLab(lab, async (info) => {
  console.log(`bench lab up in ${info.seconds.toFixed(1)} s (${lab.dir}), ${WINDOW_MS / 1000} s windows`);
  const config = loadConfigFile(info.configPath);
  const ids = config.servers.map((s) => s.id);
  const conns = await probes(config);
  let exporters: ChildProcess[] = [];
  try {
    await sleep(2000);
    const idle = await questionsPerSecond(conns, WINDOW_MS);

    const collector = new Collector(config);
    collector.start();
    await sleep(WARM_UP_MS);
    const withHotSeat = await questionsPerSecond(conns, WINDOW_MS);
    collector.stop();
    await sleep(2000);

    const started = await startExporters(config);
    exporters = started.children;
    const stop = scrapeEverySecond(started.urls);
    await sleep(WARM_UP_MS);
    const withExporter = await questionsPerSecond(conns, WINDOW_MS);
    const scrapesPerSecond = await stop();

    const pollsPerSecond = 1000 / config.pollIntervalMs;
    console.log(`\nMySQL questions/s on each server caused by monitoring (idle lab subtracted; ${fmt(pollsPerSecond)} polls/s, ${fmt(scrapesPerSecond)} scrapes/s)`);
    console.log("    server   idle   Hot Seat q/s (a poll)   mysqld_exporter q/s (a scrape)   ratio   goal <= 0.50");
    let worst = 0;
    for (const id of ids) {
      const hotSeat = withHotSeat[id] - idle[id];
      const exporter = withExporter[id] - idle[id];
      const ratio = hotSeat / exporter;
      worst = Math.max(worst, ratio);
      console.log(
        `    ${id.padEnd(8)} ${fmt(idle[id]).padStart(5)}   ${`${fmt(hotSeat)} (${fmt(hotSeat / pollsPerSecond, 1)})`.padStart(21)}   ${`${fmt(exporter)} (${fmt(exporter / scrapesPerSecond, 1)})`.padStart(30)}   ${fmt(ratio).padStart(5)}   ${ratio <= 0.5 ? "met" : "MISSED"}`,
      );
    }
    console.log(`    worst ratio ${fmt(worst)}: ${worst <= 0.5 ? "met" : "MISSED"} (Hot Seat also reads the processlist and writes and reads the heartbeat)`);
  } finally {
    for (const child of exporters) child.kill("SIGTERM");
    closeProbes(conns);
  }
});
