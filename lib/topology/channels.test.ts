import { describe, expect, it } from "vitest";
import { normaliseReplicationRow } from "@/lib/mysql/normalise";
import { mariadbTwoSourceRows } from "@/lib/mysql/fixtures/mariadb-10.11";
import { mysql84ChannelRows } from "@/lib/mysql/fixtures/mysql-8.4";
import { analyseFleet } from "./analyse";
import { NOW, sample, variables } from "./fixtures";

/** Two writers feeding one multi-source replica whose channels come from a dialect's own rows. */
function twoSources(rows: ReturnType<typeof normaliseReplicationRow>[], writers: [number, number], sourcePort: (i: number) => number) {
  const [a, b] = writers;
  return {
    generatedAt: NOW,
    lagCutoffSeconds: 30,
    pollIntervalMs: 1000,
    servers: [
      sample("a", a, { port: sourcePort(0), variables: variables(a, false), heartbeats: [{ serverId: a, ageSeconds: 0.2 }] }),
      sample("b", b, { port: sourcePort(1), variables: variables(b, false), heartbeats: [{ serverId: b, ageSeconds: 0.2 }] }),
      sample("r", 10, { replication: rows, heartbeats: [{ serverId: a, ageSeconds: 0.6 }] }),
    ],
  };
}

describe("channels from the dialects' rows", () => {
  it("MariaDB named connections: each one judged, the stopped one stopped, the server as its worst", () => {
    const rows = mariadbTwoSourceRows.map((r) => normaliseReplicationRow(r, "mariadb"));
    expect(rows.map((r) => [r.channel, r.sourceServerId, r.sqlRunning, r.ioState])).toEqual([
      ["db8", 908, true, "running"],
      ["db9", 909, false, "stopped"],
    ]);
    const view = analyseFleet(twoSources(rows, [908, 909], (i) => 43308 + i));
    const r = view.servers.find((s) => s.id === "r")!;
    expect(r.channels.map((c) => [c.name, c.sourceId, c.health])).toEqual([
      ["db8", "a", "ok"],
      ["db9", "b", "stopped"],
    ]);
    expect(r).toMatchObject({ role: "replica", health: "stopped", readEligible: false });
    expect(view.clusters).toHaveLength(1);
    expect(view.clusters[0].serverIds).toEqual(["a", "b", "r"]);
    expect(view.problems.map((p) => p.code)).toEqual(["all_replicas_past_cutoff", "replication_stopped"]);
  });

  it("MySQL 8.4 channels: Channel_Name read, lag per channel, the applier-stopped one stopped", () => {
    const rows = mysql84ChannelRows.map((r) => normaliseReplicationRow(r, "mysql84"));
    expect(rows.map((r) => [r.channel, r.sourceServerId, r.secondsBehindSource, r.sqlRunning])).toEqual([
      ["orders", 8, 4, true],
      ["billing", 9, null, false],
    ]);
    // nobody stamps a heartbeat here: lag falls back to each channel's Seconds_Behind_Source
    const fleet = twoSources(rows, [8, 9], () => 3306);
    fleet.servers.forEach((s) => (s.heartbeats = []));
    const r = analyseFleet(fleet).servers.find((s) => s.id === "r")!;
    expect(r.channels.map((c) => [c.name, c.lagSeconds, c.health])).toEqual([
      ["orders", 4, "ok"],
      ["billing", null, "stopped"],
    ]);
    expect(r.health).toBe("stopped");
    expect(r.lagSeconds).toBeNull();
  });
});
