import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServerConfig } from "@/lib/config";
import type { Problem } from "@/lib/topology/types";
import { appServerProblems, appServerView, causalLine } from "./analyse";
import { AppServerFleet } from "./fleet";
import { counterRate, parsePhpFpmStatus, parseStubStatus } from "./parse";
import type { AppServerSample, PhpFpmStatus } from "./types";

// php-fpm 8.2's own ?json page, as the lab's pool answers it while piled up
const FPM_PILED = `{"pool":"shop","process manager":"static","start time":1796156423,"start since":42,"accepted conn":12,"listen queue":12,"max listen queue":12,"listen queue len":256,"idle processes":0,"active processes":4,"total processes":4,"max active processes":4,"max children reached":0,"slow requests":8}`;
const STUB = "Active connections: 17 \nserver accepts handled requests\n 31 31 35 \nReading: 0 Writing: 17 Waiting: 0 \n";

const config = (over: Partial<AppServerConfig> = {}): AppServerConfig => ({
  id: "app1",
  phpFpmStatusUrl: "http://127.0.0.1:1/fpm-status?json",
  nginxStatusUrl: "http://127.0.0.1:1/nginx-status",
  restart: { "php-fpm": "true" },
  restartTimeoutMs: 30_000,
  ...over,
});

function sample(fpm: Partial<PhpFpmStatus> | { error: string } | null): AppServerSample {
  const base: PhpFpmStatus = { pool: "www", activeProcesses: 1, idleProcesses: 3, totalProcesses: 4, listenQueue: 0, maxChildrenReached: 0, slowRequests: 0, acceptedConnections: 10, startSince: 5 };
  return {
    id: "app1",
    name: "App 1",
    sampledAt: 1000,
    lastSeenAt: 1000,
    phpFpm: fpm === null ? null : "error" in fpm ? { ok: false, error: fpm.error, at: 1000 } : { ok: true, status: { ...base, ...fpm }, at: 1000 },
    nginx: { ok: true, status: parseStubStatus(STUB), at: 1000 },
    acceptedPerSecond: 2,
    requestsPerSecond: 5,
  };
}

const dbProblem = (code: Problem["code"]): Problem => ({ code, serverId: "db1", clusterId: "db1", severity: "critical", message: "Every replica is past the 10 s cutoff or unknown: reads fall back to the writer db1." });

describe("status pages", () => {
  it("reads php-fpm's JSON status and nginx's stub_status", () => {
    expect(parsePhpFpmStatus(FPM_PILED)).toMatchObject({ pool: "shop", activeProcesses: 4, idleProcesses: 0, totalProcesses: 4, listenQueue: 12, slowRequests: 8, acceptedConnections: 12 });
    expect(parseStubStatus(STUB)).toEqual({ active: 17, accepts: 31, handled: 31, requests: 35, reading: 0, writing: 17, waiting: 0 });
  });

  it("says what is wrong with something that is not a status page", () => {
    expect(() => parsePhpFpmStatus("pool: www\nactive processes: 1")).toThrow(/not JSON.*\?json/);
    expect(() => parsePhpFpmStatus(`{"pool":"www","active processes":-1}`)).toThrow(/not a php-fpm status page/);
    expect(() => parseStubStatus("<html>Welcome to nginx!</html>")).toThrow(/stub_status/);
  });

  it("turns counters into rates and ignores a reset", () => {
    expect(counterRate({ value: 10, at: 0 }, { value: 30, at: 2000 })).toBe(10);
    expect(counterRate({ value: 30, at: 0 }, { value: 3, at: 1000 })).toBeNull();
    expect(counterRate(null, { value: 3, at: 1000 })).toBeNull();
  });
});

describe("app server health and problems", () => {
  it("is ok with idle workers, saturated when every worker is busy or requests queue", () => {
    expect(appServerView(sample({}), config()).health).toBe("ok");
    expect(appServerView(sample({ activeProcesses: 4, idleProcesses: 0 }), config()).health).toBe("saturated");
    expect(appServerView(sample({ listenQueue: 3 }), config()).health).toBe("saturated");
  });

  it("is unreachable when a status page fails or the poll is stuck, and says which", () => {
    const down = appServerView(sample({ error: "ECONNREFUSED" }), config());
    expect(down).toMatchObject({ reachable: false, health: "unreachable", phpFpm: null, error: "php-fpm status: ECONNREFUSED" });
    expect(appServerView(sample({}), config(), "not answering for 5 s").health).toBe("unreachable");
  });

  it("lists the restartable services, never their commands", () => {
    const v = appServerView(sample({}), config({ restart: { "php-fpm": "ssh app1 sudo systemctl reload php8.2-fpm" } }));
    expect(v.restartable).toEqual(["php-fpm"]);
    expect(JSON.stringify(v)).not.toContain("systemctl");
  });

  it("names the problems in the topology's shape", () => {
    const views = [appServerView(sample({ activeProcesses: 4, idleProcesses: 0, listenQueue: 12 }), config()), appServerView({ ...sample({ error: "timed out after 2000 ms" }), id: "app2" }, config({ id: "app2" }))];
    expect(appServerProblems(views)).toEqual([
      { code: "app_workers_exhausted", serverId: "app1", clusterId: null, severity: "critical", message: "App server app1: 4 of 4 php-fpm workers busy, 12 requests queued." },
      { code: "app_server_unreachable", serverId: "app2", clusterId: null, severity: "critical", message: "App server app2 does not answer: php-fpm status: timed out after 2000 ms." },
    ]);
  });
});

describe("the causal line", () => {
  const piled = [appServerView(sample({ activeProcesses: 4, idleProcesses: 0 }), config())];
  it("holds while the app servers are saturated and every replica is past the cutoff, naming the database problem", () => {
    const line = causalLine(piled, [dbProblem("all_replicas_past_cutoff"), dbProblem("replica_lagging")]);
    expect(line?.message).toBe(
      "The app servers are waiting on the database: restarting them will not help (Every replica is past the 10 s cutoff or unknown: reads fall back to the writer db1).",
    );
    expect(line?.databaseProblems.map((p) => p.code)).toEqual(["all_replicas_past_cutoff"]);
    expect(causalLine(piled, [dbProblem("writer_overloaded")])?.appServerIds).toEqual(["app1"]);
  });

  it("does not hold without a database cause or without saturation", () => {
    expect(causalLine(piled, [dbProblem("replica_lagging")])).toBeNull();
    expect(causalLine([appServerView(sample({}), config())], [dbProblem("writer_overloaded")])).toBeNull();
  });
});

describe("the poller against real HTTP servers", () => {
  let fast: http.Server;
  let frozen: http.Server;
  let fastUrl = "";
  let frozenUrl = "";
  beforeAll(async () => {
    fast = http.createServer((req, res) => res.end(req.url?.startsWith("/fpm") ? FPM_PILED : STUB));
    frozen = http.createServer(() => undefined); // accepts, never answers: a SIGSTOPped app server
    await Promise.all([fast, frozen].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
    fastUrl = `http://127.0.0.1:${(fast.address() as AddressInfo).port}`;
    frozenUrl = `http://127.0.0.1:${(frozen.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    fast.closeAllConnections();
    frozen.closeAllConnections();
    fast.close();
    frozen.close();
  });

  it("a frozen app server is unreachable after its timeout and never holds up the others", async () => {
    const fleet = new AppServerFleet(
      [
        config({ id: "ok", phpFpmStatusUrl: `${fastUrl}/fpm-status?json`, nginxStatusUrl: `${fastUrl}/nginx-status` }),
        config({ id: "frozen", phpFpmStatusUrl: `${frozenUrl}/fpm-status?json`, nginxStatusUrl: undefined }),
      ],
      { pollIntervalMs: 500, historySeconds: 3600 },
    );
    const started = Date.now();
    await fleet.pollOnce();
    expect(Date.now() - started).toBeLessThan(fleet.timeoutMs + 1500);
    const [ok, stuck] = fleet.snapshot().appServers;
    expect(ok).toMatchObject({ id: "ok", reachable: true, health: "saturated", phpFpm: { listenQueue: 12 }, nginx: { writing: 17 } });
    expect(stuck).toMatchObject({ id: "frozen", reachable: false, health: "unreachable", error: `php-fpm status: timed out after ${fleet.timeoutMs} ms` });
    expect(fleet.problems().map((p) => p.code)).toEqual(["app_workers_exhausted", "app_server_unreachable"]);
  });
});

describe("alerts and timeline of the app tier", () => {
  it("fires the two app rules from the joined problems", async () => {
    const { observe } = await import("@/lib/alerts/observe");
    const { resolveRules } = await import("@/lib/alerts/rules");
    const rules = resolveRules({ lagCutoffSeconds: 10, overload: { threadsRunning: 20, connectionsRatio: 0.8 }, processlist: { longQuerySeconds: 60 }, alerts: { webhooks: [] } } as never);
    const problems = appServerProblems([
      appServerView(sample({ activeProcesses: 4, idleProcesses: 0, listenQueue: 2 }), config()),
      appServerView({ ...sample({ error: "ECONNREFUSED" }), id: "app2" }, config({ id: "app2" })),
    ]);
    const view = { generatedAt: "", lagCutoffSeconds: 10, pollIntervalMs: 1000, writer: null, clusters: [], servers: [], problems };
    expect(observe(view, [], rules).map((o) => [o.ruleId, o.serverId])).toEqual([
      ["app_workers_exhausted", "app1"],
      ["app_server_unreachable", "app2"],
    ]);
  });

  it("tells a restart's outcome in the timeline, never its command or output", async () => {
    const { mergeTimeline } = await import("@/lib/timeline/merge");
    const entry = (id: number, result: "ok" | "error", params: Record<string, unknown>) => ({
      id, at: `2026-01-01T10:0${id}:00.000Z`, actor: "oncall", role: "operator" as const, via: "session" as const, action: "appserver.restart",
      serverId: "app1", params, result, error: result === "ok" ? null : "exit code 1", durationMs: 5, ip: null,
    });
    const out = mergeTimeline(
      {
        episodes: [],
        incidents: [],
        failoverRuns: [],
        audit: [
          entry(1, "ok", { service: "php-fpm", restartsBefore: 0, outcome: "ok", output: "secret-ish output" }),
          entry(2, "error", { service: "nginx", restartsBefore: 1, outcome: "failed", output: "nginx: [emerg] /etc/nginx/secret" }),
        ],
      },
      new Date("2026-01-01T00:00:00Z"),
      new Date("2026-01-02T00:00:00Z"),
    );
    expect(out.map((e) => [e.title, e.detail])).toEqual([
      ["Restarted php-fpm on app1", "restart 1 within 10 minutes"],
      ["Restarted nginx on app1 (failed)", "restart 2 within 10 minutes"],
    ]);
    expect(JSON.stringify(out)).not.toMatch(/output|emerg/);
  });
});
