import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./load";

const server = { id: "db1", host: "127.0.0.1", port: 3306, user: "hotseat", password: "x" };

describe("parseConfig", () => {
  it("fills defaults for a minimal file", () => {
    const cfg = parseConfig({ servers: [server] });
    expect(cfg.lagCutoffSeconds).toBe(30);
    expect(cfg.pollIntervalMs).toBe(1000);
    expect(cfg.heartbeat).toEqual({ enabled: true, database: "hotseat" });
    expect(cfg.servers[0].promotion).toBe("neutral");
  });

  it("names the bad key and the problem", () => {
    expect(() => parseConfig({ servers: [{ ...server, port: "3306" }] })).toThrow(/servers\.0\.port: .*number/);
    expect(() => parseConfig({ servers: [server], lagCutoffSeconds: -1 })).toThrow(/lagCutoffSeconds/);
    expect(() => parseConfig({ servers: [{ ...server, promotion: "always" }] })).toThrow(/servers\.0\.promotion/);
  });

  it("wants exactly one of password and passwordEnv", () => {
    const { password: _unused, ...noPassword } = server;
    void _unused;
    expect(() => parseConfig({ servers: [noPassword] })).toThrow(/password or passwordEnv/);
    expect(() => parseConfig({ servers: [{ ...server, passwordEnv: "X" }] })).toThrow(ConfigError);
  });

  it("refuses duplicate server ids and a missing password variable", () => {
    expect(() => parseConfig({ servers: [server, server] })).toThrow(/duplicate server id "db1"/);
    const { password: _p, ...rest } = server;
    void _p;
    expect(() => parseConfig({ servers: [{ ...rest, passwordEnv: "HOTSEAT_TEST_UNSET_VAR" }] })).toThrow(/HOTSEAT_TEST_UNSET_VAR is not set/);
  });

  it("takes cluster labels and per-cluster settings; a label needs no settings, a bad or duplicate one is named", () => {
    const cfg = parseConfig({
      servers: [{ ...server, cluster: "shop" }, { ...server, id: "db5", cluster: "auth" }],
      clusters: [{ id: "shop", name: "Shop", lagCutoffSeconds: 20 }],
    });
    expect(cfg.servers.map((s) => s.cluster)).toEqual(["shop", "auth"]);
    expect(cfg.clusters).toEqual([{ id: "shop", name: "Shop", lagCutoffSeconds: 20 }]);
    expect(parseConfig({ servers: [server] }).clusters).toEqual([]);
    expect(() => parseConfig({ servers: [{ ...server, cluster: "the shop" }] })).toThrow(/servers\.0\.cluster/);
    expect(() => parseConfig({ servers: [server], clusters: [{ id: "shop" }, { id: "shop" }] })).toThrow(/duplicate cluster id "shop"/);
    expect(() => parseConfig({ servers: [server], clusters: [{ id: "shop", lagCutoffSeconds: 0 }] })).toThrow(/clusters\.0\.lagCutoffSeconds/);
    expect(() => parseConfig({ servers: [server], clusters: [{ id: "shop", cutoff: 5 }] })).toThrow(/cutoff/);
  });
});
