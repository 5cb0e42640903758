import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { extraServerPaths, withExtraClusters, type ExtraClusters } from "./clusters";
import { buildLabConfig } from "./config";
import { labPaths } from "./paths";
import { generateSecrets } from "./secrets";

describe("the lab's extra clusters", () => {
  it("sit on base+25..base+30, clear of the shop's servers and helpers", () => {
    const servers = extraServerPaths("/tmp/lab-x/clusters", 40000);
    expect(servers.map((s) => `${s.id}:${s.port}:${s.serverId}`)).toEqual(["db5:40025:5", "db6:40026:6", "db7:40027:7", "db8:40028:8", "db9:40029:9", "db10:40030:10"]);
    const p = labPaths({ dir: "/tmp/lab-x", portBase: 40000 });
    const taken = [...Object.values(p.servers).map((s) => s.port), p.sitePort, p.app.phpFpmPort, p.app.phpFpmStatusPort, p.app.statusPort];
    expect(servers.filter((s) => taken.includes(s.port))).toEqual([]);
  });

  it("make a config the console accepts: every server labelled with its cluster, settings per cluster, the status page the shop's", async () => {
    const paths = labPaths({ dir: "/tmp/lab-x", portBase: 40000 });
    const secrets = generateSecrets();
    const extras: ExtraClusters = {
      dir: "/tmp/lab-x/clusters",
      secrets,
      servers: [],
      configServers: extraServerPaths("/tmp/lab-x/clusters", 40000).map((s) => ({
        id: s.id,
        host: "127.0.0.1",
        port: s.port,
        user: "hotseat",
        password: "x",
        cluster: Number(s.id.slice(2)) <= 7 ? "auth" : "analytics",
      })),
    };
    const config = parseConfig(withExtraClusters(await buildLabConfig(paths, secrets), extras));
    expect(config.servers.map((s) => `${s.id}:${s.cluster}`)).toEqual([
      "db1:shop", "db2:shop", "db3:shop", "db4:shop",
      "db5:auth", "db6:auth", "db7:auth", "db8:analytics", "db9:analytics", "db10:analytics",
    ]);
    expect(config.clusters.map((c) => c.id)).toEqual(["shop", "auth", "analytics"]);
    expect(config.status?.clusters).toEqual(["shop"]);
  });
});
