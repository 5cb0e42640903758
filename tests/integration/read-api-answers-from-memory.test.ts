import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import { resetConfigCache, serverPassword } from "@/lib/config";
import { openConnection, closeQuietly, type Connection } from "@/lib/mysql";
import { apiRequest, labConfig, labDir, labSecrets, statementsBy, waitFor } from "./lab";

type Route = (req: ReturnType<typeof apiRequest>, ctx: { params: Promise<never> }) => Promise<Response>;

// The read API serves the collector's memory: answers never carry a password, and a crowd of
// requests sends no query to any server.
describe("the read API", () => {
  const config = labConfig();
  const token = () => labSecrets().tokens["lab-viewer"];
  let topology: Route, writer: Route, history: Route;
  let probe: Connection;

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
    resetConfigCache();
    topology = (await import("@/app/api/topology/route")).GET as Route;
    writer = (await import("@/app/api/topology/writer/route")).GET as Route;
    history = (await import("@/app/api/servers/[id]/history/route")).GET as Route;
    await waitFor(() => getCollector().historyOf("db4", 60)!.length >= 2, 15_000, "two polls of history");
    const db1 = config.servers[0];
    probe = await openConnection({ host: db1.host, port: db1.port, user: db1.user, password: serverPassword(db1) });
  });

  afterAll(() => {
    closeQuietly(probe);
    getCollector().stop();
  });

  const call = (route: Route, url: string, params: object = {}) =>
    route(apiRequest(url, token()), { params: Promise.resolve(params) as Promise<never> });

  it("names the writer and never returns a password", async () => {
    const bodies = await Promise.all([
      call(topology, "/api/topology").then((r) => r.text()),
      call(writer, "/api/topology/writer").then((r) => r.text()),
      call(history, "/api/servers/db4/history?seconds=60", { id: "db4" }).then((r) => r.text()),
    ]);
    expect(JSON.parse(bodies[1])).toMatchObject({ id: "db1", host: "127.0.0.1", port: config.servers[0].port });
    const points = JSON.parse(bodies[2]).points;
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.at(-1)).toEqual({ t: expect.any(String), lagSeconds: expect.any(Number), qps: expect.any(Number), writesPerSecond: expect.any(Number), threadsRunning: expect.any(Number) });
    for (const body of bodies) {
      for (const s of config.servers) expect(body).not.toContain(serverPassword(s));
      expect(body).not.toMatch(/password/i);
    }
  });

  it("answers 404 for an unknown server and 400 for a bad window", async () => {
    const unknown = await call(history, "/api/servers/db9/history", { id: "db9" });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
    const bad = await call(history, "/api/servers/db1/history?seconds=abc", { id: "db1" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/seconds/);
  });

  it("sends no query to MySQL per request", async () => {
    getCollector().stop(); // no polling during the measurement: only requests could cause queries
    const questions = () => statementsBy(probe, config.servers[0].user);
    const before = await questions();
    await Promise.all(Array.from({ length: 100 }, () => call(topology, "/api/topology").then((r) => r.json())));
    const after = await questions();
    // Only the probe's own SELECT is counted in between.
    expect(after - before).toBeLessThanOrEqual(1);
  });
});
