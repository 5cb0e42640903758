import { describe, expect, it } from "vitest";
import { filterAndSort, foldBackground, processlistQuerySchema } from "./filters";
import type { ProcessView } from "./types";

const p = (over: Partial<ProcessView>): ProcessView => ({
  serverId: "db1", id: 1, user: "app", host: "10.0.0.5:5000", db: "shop", command: "Query", timeSeconds: 1,
  state: null, info: "SELECT 1", kind: "client", flags: [], role: null, ...over,
});

describe("processlist filters", () => {
  const all = [
    p({ id: 1, timeSeconds: 5 }),
    p({ id: 2, serverId: "db2", user: "root", host: "localhost", timeSeconds: 900, info: "SELECT SLEEP(86400) AS backfill" }),
    p({ id: 3, command: "Sleep", info: null, timeSeconds: 30 }),
    p({ id: 4, serverId: "db4", user: "system user", command: "Slave_SQL", kind: "replication", timeSeconds: 0, info: null }),
    p({ id: 5, serverId: "db4", user: "system user", command: "Slave_IO", kind: "replication", timeSeconds: 5000, info: null }),
    p({ id: 6, serverId: "db1", user: "hotseat", command: "Query", kind: "self", timeSeconds: 0, info: "SHOW PROCESSLIST" }),
  ];
  const run = (query: Record<string, string>) => filterAndSort(all, processlistQuerySchema.parse(query)).map((x) => x.id);

  it("sorts client threads longest first, then replication and the console's own, and filters by each field", () => {
    expect(run({})).toEqual([2, 3, 1, 5, 4, 6]);
    expect(run({ server: "db1" })).toEqual([3, 1, 6]);
    expect(run({ user: "ROOT" })).toEqual([2]);
    expect(run({ host: "localhost" })).toEqual([2]);
    expect(run({ command: "sleep" })).toEqual([3]);
    // a minimum time asks for long statements: no sleeping sessions, no replication threads, unless asked for
    expect(run({ minTime: "10" })).toEqual([2]);
    expect(run({ minTime: "10", command: "Sleep" })).toEqual([3]);
    expect(run({ minTime: "10", kind: "replication" })).toEqual([5]);
    expect(run({ text: "backfill" })).toEqual([2]);
    expect(run({ kind: "replication" })).toEqual([5, 4]);
    expect(run({ db: "shop", minTime: "2", command: "Query" })).toEqual([2, 1]);
  });

  it("rejects nonsense", () => {
    expect(processlistQuerySchema.safeParse({ minTime: "-1" }).success).toBe(false);
    expect(processlistQuerySchema.safeParse({ kind: "robot" }).success).toBe(false);
    expect(processlistQuerySchema.parse({ user: "  " }).user).toBeUndefined();
  });

  it("folds replication, system and the console's own threads unless a kind is asked for or no client thread is there", () => {
    const sorted = filterAndSort(all, processlistQuerySchema.parse({}));
    const { open, folded } = foldBackground(sorted, undefined);
    expect(open.map((x) => x.id)).toEqual([2, 3, 1]);
    expect(folded.map((x) => x.id)).toEqual([5, 4, 6]);
    expect(foldBackground(sorted, "replication")).toEqual({ open: sorted, folded: [] });
    const background = sorted.filter((x) => x.kind !== "client");
    expect(foldBackground(background, undefined)).toEqual({ open: background, folded: [] });
  });
});
