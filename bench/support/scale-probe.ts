/**
 * The scale benchmark's CPU and memory, in a process of its own so both are the collector's
 * alone: a Collector over the given servers polls at 1 s; once every server answers, the probe
 * reads its CPU and memory over a window. Prints one `RESULT {json}` line.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { Collector } from "@/lib/collector";
import { loadConfigFile } from "@/lib/config";

export interface ProbeInput {
  configPath: string;
  windowMs: number;
}

export interface ProbeResult {
  servers: number;
  cpuMsPerSecond: number;
  rssMb: number;
  heapUsedMb: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

async function until(what: string, timeoutMs: number, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function main() {
  const input = JSON.parse(process.env.BENCH_PROBE ?? "{}") as ProbeInput;
  const config = loadConfigFile(input.configPath);
  const collector = new Collector(config);
  collector.start();
  try {
    await until("every server answering", 60_000, () => collector.topology().servers.every((s) => s.reachable && s.health === "ok"));
    await sleep(5000);

    // CPU and memory while nobody asks for anything: the polls and the history alone.
    gc();
    const before = process.cpuUsage();
    const started = performance.now();
    await sleep(input.windowMs);
    const used = process.cpuUsage(before);
    const cpuMsPerSecond = (used.user + used.system) / 1000 / ((performance.now() - started) / 1000);
    gc();
    const mem = process.memoryUsage();
    const result: ProbeResult = { servers: config.servers.length, cpuMsPerSecond, rssMb: mem.rss / 1e6, heapUsedMb: mem.heapUsed / 1e6 };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    collector.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
