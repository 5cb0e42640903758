import { describe, expect, it } from "vitest";
import type { TopologyView } from "@/lib/topology/types";
import { channelView, clusterView, serverView } from "@/components/topology/test-views";
import { chooseLayout, fleetRows, fleetSearch, parseFleetFilter } from "./fleet-rows";

/** Two clusters: shop (cutoff 10 s) with db4 stopped and db3 past the cutoff, analytics (cutoff 60 s). */
function fleet(): Pick<TopologyView, "servers" | "clusters" | "lagCutoffSeconds"> {
  return {
    lagCutoffSeconds: 10,
    clusters: [clusterView("shop", ["db1", "db2", "db3", "db4"], { coMaster: "db2" }), clusterView("analytics", ["a1", "a2", "a3"], { lagCutoffSeconds: 60, name: "Analytics" })],
    servers: [
      serverView("db1", { role: "writer", channels: [channelView("db2")], readEligible: false }),
      serverView("db2", { role: "co-master", channels: [channelView("db1", { lagSeconds: 0.2 })] }),
      serverView("db3", { channels: [channelView("db1", { lagSeconds: 12 })], health: "lagging", readEligible: false }),
      serverView("db4", { channels: [channelView("db1", { lagSeconds: 35, health: "stopped" })], health: "stopped", readEligible: false }),
      serverView("a1", { clusterId: "analytics", role: "writer", channels: [] }),
      // 30 s is within analytics' own 60 s cutoff
      serverView("a2", { clusterId: "analytics", channels: [channelView("a1", { lagSeconds: 30 })] }),
      serverView("a3", { clusterId: "analytics", channels: [channelView("a1")], reachable: false, health: "unreachable", lagSeconds: null }),
    ],
  };
}

describe("fleetRows", () => {
  it("sorts the most severe first: unreachable, stopped, lagging, then fine ones by lag", () => {
    expect(fleetRows(fleet()).map((r) => r.id)).toEqual(["a3", "db4", "db3", "a2", "db1", "db2", "a1"]);
  });

  it("reads lag against each cluster's own cutoff", () => {
    const rows = new Map(fleetRows(fleet()).map((r) => [r.id, r]));
    expect(rows.get("db3")).toMatchObject({ pastCutoff: true, cutoffSeconds: 10, clusterName: "shop" });
    expect(rows.get("a2")).toMatchObject({ pastCutoff: false, cutoffSeconds: 60, clusterName: "Analytics" });
    expect(rows.get("db1")).toMatchObject({ replicates: false, role: "writer" });
  });

  it("filters by cluster, by one health, and by everything not ok", () => {
    expect(fleetRows(fleet(), { cluster: "analytics" }).map((r) => r.id)).toEqual(["a3", "a2", "a1"]);
    expect(fleetRows(fleet(), { health: "stopped" }).map((r) => r.id)).toEqual(["db4"]);
    expect(fleetRows(fleet(), { health: "not_ok" }).map((r) => r.id)).toEqual(["a3", "db4", "db3"]);
    expect(fleetRows(fleet(), { cluster: "shop", health: "unreachable" })).toEqual([]);
  });
});

describe("parseFleetFilter", () => {
  it("keeps a known cluster and health and drops anything else from the URL", () => {
    expect(parseFleetFilter({ cluster: "analytics", health: "lagging" }, fleet())).toEqual({ cluster: "analytics", health: "lagging" });
    expect(parseFleetFilter({ cluster: "nope", health: "<script>" }, fleet())).toEqual({});
    expect(parseFleetFilter({}, fleet())).toEqual({});
  });
});

describe("chooseLayout and fleetSearch", () => {
  it("shows the table from 12 servers or on demand, the cards below or on demand", () => {
    expect(chooseLayout(4, undefined)).toBe("cards");
    expect(chooseLayout(12, undefined)).toBe("fleet");
    expect(chooseLayout(4, "fleet")).toBe("fleet");
    expect(chooseLayout(100, "cards")).toBe("cards");
    expect(chooseLayout(4, "bogus")).toBe("cards");
  });

  it("writes the filters into the query string, keeping the other parameters", () => {
    expect(fleetSearch("view=fleet&x=1", { health: "stopped" }, "fleet")).toBe("?view=fleet&x=1&health=stopped");
    expect(fleetSearch("view=fleet&health=ok", {}, null)).toBe("");
  });
});
