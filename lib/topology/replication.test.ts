import { describe, expect, expectTypeOf, it } from "vitest";
import type { ServerProbe } from "@/lib/actions/failover/probe";
import type { FleetSnapshot, ServerSample } from "@/lib/collector/types";
import type { FleetInput, ReplicatingServer, ServerInput } from "./input";
import { graphOf, replicationGraph, sourceIdOf } from "./replication";

const server = (id: string, port: number, serverId: number, sources: { host?: string; port: number; serverId?: number | null }[]): ReplicatingServer => ({
  id,
  host: "127.0.0.1",
  port,
  variables: { serverId },
  replication: sources.map((s) => ({ sourceHost: s.host ?? "127.0.0.1", sourcePort: s.port, sourceServerId: s.serverId ?? null })),
});

/** db1 <-> db2, db3 and db4 replicas of db1 */
const story = () => [
  server("db1", 3301, 1, [{ port: 3302 }]),
  server("db2", 3302, 2, [{ port: 3301 }]),
  server("db3", 3303, 3, [{ host: "localhost", port: 3301 }]),
  server("db4", 3304, 4, [{ host: "elsewhere", port: 9999, serverId: 1 }]),
];

describe("the core's input", () => {
  it("is satisfied by both shapes of a server: the collector's poll and the failover's probe", () => {
    expectTypeOf<ServerSample>().toExtend<ServerInput>();
    expectTypeOf<FleetSnapshot>().toExtend<FleetInput>();
    expectTypeOf<ServerProbe>().toExtend<ReplicatingServer>();
  });
});

describe("sourceIdOf", () => {
  it("resolves by server_id first, then by host and port with loopback spellings as one host", () => {
    const fleet = story();
    expect(sourceIdOf({ sourceHost: "elsewhere", sourcePort: 9999, sourceServerId: 2 }, fleet)).toBe("db2");
    expect(sourceIdOf({ sourceHost: "::1", sourcePort: 3301 }, fleet)).toBe("db1");
    expect(sourceIdOf({ sourceHost: "LOCALHOST", sourcePort: 3303, sourceServerId: 42 }, fleet)).toBe(null);
    expect(sourceIdOf({ sourceHost: "127.0.0.1", sourcePort: 3305 }, fleet)).toBeNull();
  });
});

describe("replicationGraph", () => {
  it("names the master-master partners, the plain replicas and each server's sources", () => {
    const graph = replicationGraph(story());
    expect(graph.sourceOf("db3")).toBe("db1");
    expect(graph.sourceOf("db4")).toBe("db1");
    expect(graph.replicasOf("db1")).toEqual(["db2", "db3", "db4"]);
    expect(graph.areCoMasters("db1", "db2")).toBe(true);
    expect(graph.areCoMasters("db2", "db1")).toBe(true);
    expect(graph.areCoMasters("db1", "db3")).toBe(false);
    expect(graph.areCoMasters("db1", "db1")).toBe(false);
    expect(graph.coMastersOf("db1")).toEqual(["db2"]);
    expect(graph.coMastersOf("db3")).toEqual([]);
    expect(graph.coMastersOf(null)).toEqual([]);
  });

  it("keeps every channel of a multi-source server, partners in the order of its channels", () => {
    const graph = graphOf(
      new Map([
        ["w", ["b", null, "a"]],
        ["a", ["w"]],
        ["b", ["w"]],
      ]),
    );
    expect(graph.sourcesOf("w")).toEqual(["b", null, "a"]);
    expect(graph.coMastersOf("w")).toEqual(["b", "a"]);
    expect(graph.sourceOf("unknown")).toBeNull();
  });
});
