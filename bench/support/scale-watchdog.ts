/**
 * Started detached beside the scale benchmark: when the benchmark's process is gone, however it
 * ended (an interrupt tsx answers with SIGKILL, a crash), it stops every server left under the
 * fleet's directory and every console running on a configuration there, and removes it.
 * Usage: scale-watchdog.ts <benchmark pid> <fleet dir>.
 */
import fs from "node:fs";
import { sleep, stopProcess } from "@/lab/processes";
import { consolesUnder, serversUnder } from "./scale-servers";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("bench/scale.ts");
  } catch {
    return false;
  }
}

async function main() {
  const [pid, dir] = [Number(process.argv[2]), process.argv[3]];
  if (!Number.isInteger(pid) || !dir?.endsWith("bench-scale")) throw new Error("usage: scale-watchdog.ts <benchmark pid> <.../bench-scale>");
  while (alive(pid)) await sleep(500);
  await Promise.all([...consolesUnder(dir).map((p) => stopProcess(p, "next", 10_000)), ...serversUnder(dir).map((p) => stopProcess(p, dir, 10_000))]);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
