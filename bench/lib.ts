/** Shared pieces of the benchmarks: a built app on a port, viewers, and Questions counters. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { labDown, labUp, type LabInfo, type LabOptions } from "@/lab";
import { serverPassword, type HotSeatConfig } from "@/lib/config";
import { closeQuietly, openConnection, query, type Connection } from "@/lib/mysql";

export const root = path.resolve(import.meta.dirname, "..");
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `next build` once, unless a build is already there. */
export function ensureBuild(): void {
  if (fs.existsSync(path.join(root, ".next/BUILD_ID"))) return;
  console.log("building the app (next build)…");
  const r = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error("next build failed");
}

/** `next start` on a port with a config; resolves once /api/health answers. */
export async function startApp(configPath: string, port: number): Promise<ChildProcess> {
  const child = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, HOTSEAT_CONFIG: configPath, NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  stopApp(child);
  throw new Error(`next start on ${port} did not come up`);
}

export function stopApp(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
}

/** One connection per server for reading counters, outside the app. */
export async function probes(config: HotSeatConfig): Promise<Map<string, Connection>> {
  const map = new Map<string, Connection>();
  for (const s of config.servers) {
    map.set(s.id, await openConnection({ host: s.host, port: s.port, user: s.user, password: serverPassword(s) }));
  }
  return map;
}

export function closeProbes(map: Map<string, Connection>): void {
  map.forEach(closeQuietly);
}

export async function questions(conn: Connection): Promise<number> {
  return Number((await query(conn, "SHOW GLOBAL STATUS LIKE 'Questions'"))[0].Value);
}

/** Questions per second on every server over a window, minus the probe's own statement. */
export async function questionsPerSecond(map: Map<string, Connection>, windowMs: number): Promise<Record<string, number>> {
  const before = new Map<string, number>();
  for (const [id, c] of map) before.set(id, await questions(c));
  const started = Date.now();
  await sleep(windowMs);
  const seconds = (Date.now() - started) / 1000;
  const out: Record<string, number> = {};
  for (const [id, c] of map) out[id] = ((await questions(c)) - before.get(id)! - 1) / seconds;
  return out;
}

/**
 * N dashboards open in browsers: each refreshes the topology every second and every server's
 * lag history every two, as the dashboard page does. Returns a stop function.
 */
export function viewers(n: number, baseUrl: string, token: string, serverIds: string[]): () => Promise<number> {
  let running = true;
  let requests = 0;
  const headers = { authorization: `Bearer ${token}` };
  const one = async (offset: number) => {
    await sleep(offset);
    for (let tick = 0; running; tick++) {
      const started = Date.now();
      const urls = [`${baseUrl}/api/topology`];
      if (tick % 2 === 0) for (const id of serverIds) urls.push(`${baseUrl}/api/servers/${id}/history?seconds=300`);
      await Promise.all(urls.map((u) => fetch(u, { headers }).then((r) => r.arrayBuffer()).then(() => requests++, () => undefined)));
      await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
  };
  const all = Array.from({ length: n }, (_, i) => one((i * 1000) / n));
  return async () => {
    running = false;
    await Promise.all(all);
    return requests;
  };
}

/** Run a benchmark on a fresh lab of its own, always brought down after; exits 0 or 1. */
export function onOwnLab(lab: LabOptions, bench: (info: LabInfo) => Promise<void>): void {
  const run = async () => {
    await labDown(lab);
    try {
      await bench(await labUp(lab));
    } finally {
      await labDown(lab);
    }
  };
  run().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
