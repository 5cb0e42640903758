import mysql from "mysql2/promise";
import { readLabConfig } from "./config";
import type { LabPaths } from "./paths";
import { readSecrets } from "./secrets";

/** Where the demo app sends a query, and why. */
export interface Route {
  id: string;
  host: string;
  port: number;
}

export interface MaintenanceView {
  enabled: boolean;
  message: string | null;
  until: string | null;
}

export interface RouterSnapshot {
  writer: Route;
  writerSource: "dashboard" | "fallback";
  /** Replicas the dashboard last called read-eligible (never the writer). */
  readEligible: string[];
  dashboardReachable: boolean;
  maintenance: MaintenanceView;
  checkedAt: string | null;
}

const REFRESH_MS = 2000;

/**
 * What a well-behaved application does with Hot Seat: it asks the dashboard for the published
 * writer and for the replicas within the cutoff, and honours maintenance mode. Without the
 * dashboard it falls back to db1 for writes and reads, as a hard-coded app would.
 */
export class AppRouter {
  private readonly servers: Map<string, Route>;
  private readonly pools = new Map<string, mysql.Pool>();
  private readonly appPassword: string;
  private readonly viewerToken: string;
  private readonly dashboardUrl: string;
  private timer: NodeJS.Timeout | null = null;
  private nextReader = 0;
  snapshot: RouterSnapshot;

  constructor(paths: LabPaths, dashboardUrl = process.env.HOTSEAT_URL ?? "http://127.0.0.1:3000") {
    const config = readLabConfig(paths);
    const secrets = readSecrets(paths);
    this.servers = new Map(config.servers.map((s) => [s.id, { id: s.id, host: s.host, port: s.port }]));
    this.appPassword = secrets.appPassword;
    this.viewerToken = secrets.tokens["lab-viewer"];
    this.dashboardUrl = dashboardUrl.replace(/\/+$/, "");
    this.snapshot = {
      writer: this.fallbackWriter(),
      writerSource: "fallback",
      readEligible: [],
      dashboardReachable: false,
      maintenance: { enabled: false, message: null, until: null },
      checkedAt: null,
    };
  }

  private fallbackWriter(): Route {
    const db1 = this.servers.get("db1");
    if (!db1) throw new Error("lab config has no db1");
    return db1;
  }

  private async getJson(pathname: string, auth: boolean): Promise<{ status: number; body: unknown } | null> {
    try {
      const res = await fetch(this.dashboardUrl + pathname, {
        headers: auth ? { authorization: `Bearer ${this.viewerToken}` } : {},
        signal: AbortSignal.timeout(1500),
      });
      const body = res.ok ? await res.json() : null;
      return { status: res.status, body };
    } catch {
      return null; // unreachable or not JSON
    }
  }

  /** One poll of the dashboard; failures keep the fallbacks. */
  async refresh(): Promise<RouterSnapshot> {
    const [writerRes, topologyRes, maintenanceRes] = await Promise.all([
      this.getJson("/api/topology/writer", true),
      this.getJson("/api/topology", true),
      this.getJson("/api/maintenance", false),
    ]);
    const w = writerRes?.body as Partial<Route> | null | undefined;
    const writer =
      w && typeof w.id === "string" && typeof w.port === "number"
        ? { id: w.id, host: typeof w.host === "string" ? w.host : "127.0.0.1", port: w.port }
        : null;
    const topo = topologyRes?.body as { servers?: { id: string; readEligible?: boolean }[] } | null | undefined;
    const writerId = writer?.id ?? this.fallbackWriter().id;
    const readEligible = (topo?.servers ?? [])
      .filter((s) => s.readEligible === true && s.id !== writerId && this.servers.has(s.id))
      .map((s) => s.id);
    // 404 or unreachable: the dashboard has no maintenance to announce.
    const m = maintenanceRes?.status === 200 ? (maintenanceRes.body as Partial<MaintenanceView> | null) : null;
    this.snapshot = {
      writer: writer ?? this.fallbackWriter(),
      writerSource: writer ? "dashboard" : "fallback",
      readEligible,
      dashboardReachable: writerRes !== null || topologyRes !== null || maintenanceRes !== null,
      maintenance: {
        enabled: m?.enabled === true,
        message: typeof m?.message === "string" ? m.message : null,
        until: typeof m?.until === "string" ? m.until : null,
      },
      checkedAt: new Date().toISOString(),
    };
    return this.snapshot;
  }

  start(): void {
    if (this.timer) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** The server for the next read: a read-eligible replica, else the writer (the story's root cause). */
  reader(): { route: Route; fellBackToWriter: boolean } {
    const eligible = this.snapshot.readEligible;
    if (!eligible.length) return { route: this.snapshot.writer, fellBackToWriter: true };
    const id = eligible[this.nextReader++ % eligible.length];
    return { route: this.servers.get(id) ?? this.snapshot.writer, fellBackToWriter: false };
  }

  pool(route: Route): mysql.Pool {
    const key = `${route.host}:${route.port}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = mysql.createPool({
        host: route.host,
        port: route.port,
        user: "app",
        password: this.appPassword,
        database: "shop",
        connectionLimit: 4,
        queueLimit: 50,
        connectTimeout: 2000,
        enableKeepAlive: true,
      });
      // A dropped connection (server killed) must not crash the app; the pool replaces it.
      pool.on("connection", (c) => c.on("error", () => undefined));
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Run one statement on a server with a timeout, so a frozen server costs seconds, not forever. */
  async query<T>(route: Route, sql: string, values: unknown[] = [], timeout = 5000): Promise<T> {
    const [rows] = await this.pool(route).query({ sql, values, timeout });
    return rows as T;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.pools.values()].map((p) => p.end().catch(() => undefined)));
    this.pools.clear();
  }
}
