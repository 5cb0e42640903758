/**
 * The scale benchmark's cutoff-crossing delay through the real API: the built console (`next
 * start`, its monitoring in a worker thread) on the generated config, read with the fleet's viewer
 * token through GET /api/topology as a dashboard or a script would. Times a replica's lag crossing
 * the cutoff (from the heartbeat row it last applied) to the first answer showing it past the
 * cutoff, over several rounds; reads the console process's RSS beside it.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { sleep, startApp, stopApp } from "../lib";
import { portInUse } from "@/lab/ports";
import { rootQuery } from "./scale-servers";

export interface ApiInput {
  configPath: string;
  port: number;
  token: string;
  servers: number;
  cutoffSeconds: number;
  replica: { id: string; socket: string };
  writer: { socket: string; serverId: number };
  rounds: number;
}

export interface ApiResult {
  servers: number;
  /** seconds from the crossing to the API showing it, per round */
  delays: number[];
  /** resident memory of the console's processes (next start's, not its npx parent), no forced GC */
  consoleRssMb: number;
  /** bytes of one GET /api/topology answer */
  answerBytes: number;
}

interface ServerView {
  id: string;
  reachable: boolean;
  health: string;
  lagSeconds: number | null;
}

/** The console's processes: its process group, less npm's `npx` wrapper. */
function consoleRssMb(app: ChildProcess): number {
  let kb = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== app.pid) continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      if (/\bnpm\b|npx/.test(cmdline)) continue;
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"));
      kb += rss ? Number(rss[1]) : 0;
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1000;
}

export async function crossingThroughApi(input: ApiInput, signal: AbortSignal, onStart: (app: ChildProcess) => void): Promise<ApiResult> {
  const url = `http://127.0.0.1:${input.port}/api/topology`;
  const headers = { authorization: `Bearer ${input.token}` };
  let answerBytes = 0;
  const topology = async (): Promise<ServerView[] | null> => {
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
      if (res.status === 401 || res.status === 403) throw new Error(`GET /api/topology answered ${res.status}: the viewer token is refused`);
      if (!res.ok) return null;
      const text = await res.text();
      answerBytes = Buffer.byteLength(text);
      return (JSON.parse(text) as { servers: ServerView[] }).servers;
    } catch (err) {
      if ((err as Error).message.includes("token")) throw err;
      return null;
    }
  };
  const until = async (what: string, timeoutMs: number, ok: (servers: ServerView[]) => boolean) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (signal.aborted) throw new Error("interrupted");
      const servers = await topology();
      if (servers && ok(servers)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${input.servers} servers, port ${input.port})`);
      await sleep(100);
    }
  };
  const replicaOf = (servers: ServerView[]) => servers.find((s) => s.id === input.replica.id);

  // startApp's health check would take another program's answer on a busy port for ours.
  if (await portInUse(input.port)) throw new Error(`port ${input.port} is already in use (set BENCH_SCALE_APP_PORT)`);
  const app = await startApp(input.configPath, input.port);
  onStart(app);
  try {
    await until("every server answering through the API", 90_000, (servers) => servers.length === input.servers && servers.every((s) => s.reachable && s.health === "ok"));
    await sleep(5000);
    const rss = consoleRssMb(app);
    const delays: number[] = [];
    for (let round = 0; round < input.rounds; round++) {
      await until("a healthy replica", 60_000, (servers) => replicaOf(servers)?.health === "ok");
      await rootQuery(input.replica.socket, "STOP SLAVE SQL_THREAD");
      try {
        await rootQuery(input.writer.socket, "INSERT INTO bench.writes (at) VALUES (NOW(3))");
        await sleep(300);
        const [row] = await rootQuery(input.replica.socket, "SELECT ts FROM hotseat.heartbeat WHERE server_id = ?", [input.writer.serverId]);
        const crossing = Date.parse(`${row.ts}Z`) + input.cutoffSeconds * 1000;
        let seen: number | null = null;
        while (seen === null && Date.now() < crossing + 15_000 && !signal.aborted) {
          const v = replicaOf((await topology()) ?? []);
          if (v && v.lagSeconds !== null && v.lagSeconds > input.cutoffSeconds && v.health !== "ok") seen = Date.now();
          else await sleep(50);
        }
        delays.push(seen === null ? NaN : (seen - crossing) / 1000);
      } finally {
        await rootQuery(input.replica.socket, "START SLAVE SQL_THREAD");
      }
    }
    return { servers: input.servers, delays, consoleRssMb: rss, answerBytes };
  } finally {
    stopApp(app);
  }
}
