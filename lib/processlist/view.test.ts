import { describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/roles";
import type { HistoryEntry } from "@/lib/collector/history";
import type { TopWriter } from "@/lib/collector/top-writers";
import type { ProcessRow } from "@/lib/mysql/types";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import { processlistQuerySchema } from "./filters";
import { processlistView } from "./view";
import { statementReaderFor } from "./visible-text";
import { writersView, writersQuerySchema, type WritersFacts } from "./writers-view";

const viewer: Caller = { name: "vic", role: "viewer", via: "session" };
const operator: Caller = { name: "olga", role: "operator", via: "token" };

const SECRET = "CREATE USER 'app'@'%' IDENTIFIED BY 'Tr0ub4dor-3'";
const client = (over: Partial<ProcessRow>): ProcessRow => ({
  id: 40, user: "admin", host: "10.0.0.5:5123", db: null, command: "Query", timeSeconds: 3, state: "executing", info: null, ...over,
});
const SLEEPER = "SELECT SLEEP(30), 'Tr0ub4dor-3' AS password";

const snapshot = storyFleet({
  db3: {
    processlist: [
      client({ id: 41, info: SECRET }),
      client({ id: 42, info: SLEEPER, timeSeconds: 12 }),
      client({ id: 43, info: "SELECT * FROM orders WHERE note = 'Tr0ub4dor-3'" }),
      client({ id: 44, info: `INSERT INTO t VALUES ('${"x".repeat(16 * 1024)}`, infoLength: 5_000_000 }),
    ],
  },
});

const view = (caller: Caller | null, query: Record<string, string> = {}) =>
  processlistView({ snapshot, replication: [], filters: processlistQuerySchema.parse(query), longQuerySeconds: 60, read: statementReaderFor(caller) });

describe("processlistView", () => {
  it("shows operators the statement and viewers its mask", () => {
    const info = (caller: Caller | null) => view(caller, { server: "db3" }).processes.map((p) => [p.id, p.info]);
    expect(info(operator)).toContainEqual([41, SECRET]);
    expect(info(viewer)).toContainEqual([41, "create user ?@? identified by ?"]);
    expect(info(viewer)).toContainEqual([42, "select sleep(?), ? as password"]);
    expect(info(null)).toEqual(info(viewer));
  });

  it("matches the text filter against what the caller may read", () => {
    const ids = (caller: Caller, text: string) => view(caller, { text }).processes.map((p) => p.id).sort();
    expect(ids(operator, "tr0ub4dor")).toEqual([41, 42, 43]);
    // A statement without a hint of a secret stays as it is, for viewers too.
    expect(ids(viewer, "tr0ub4dor")).toEqual([43]);
    expect(ids(viewer, "identified by ?")).toEqual([41]);
    expect(ids(viewer, "sleep")).toEqual([42]);
  });

  it("carries the full length of a statement held cut", () => {
    const cut = view(operator).processes.find((p) => p.id === 44)!;
    expect(cut.infoLength).toBe(5_000_000);
    expect(view(operator).processes.find((p) => p.id === 43)).not.toHaveProperty("infoLength");
  });
});

describe("writersView", () => {
  const t0 = NOW - 4000;
  const history = (lag: (i: number) => number | null): HistoryEntry[] =>
    Array.from({ length: 4 }, (_, i) => ({ t: t0 + i * 1000, lagSeconds: lag(i), qps: 1, writesPerSecond: 1, threadsRunning: 1, writeRates: { insert: i, update: 0, delete: 0, replace: 0 } }));
  const writer: TopWriter = {
    fingerprint: "alter user ? identified by ?", kind: "update", user: "ops", host: "10.0.0.5", db: null,
    example: "ALTER USER 'app'@'%' IDENTIFIED BY 'Tr0ub4dor-3'", executions: 1, seenSeconds: 2, longestSeconds: 2,
    rowsWritten: null, firstSeenAt: t0, lastSeenAt: t0 + 3000,
  };
  const facts: WritersFacts = {
    historyOf: (id) => ({ db1: history(() => 0), db3: history((i) => i * 2), db4: history((i) => (i === 1 ? 9 : null)) })[id] ?? null,
    writersOf: (id) => (id === "db1" ? { source: "processlist_sampling", note: null, top: [writer] } : null),
    topology: () => ({ servers: [{ id: "db1", replication: null }, { id: "db3", replication: { sourceId: "db1" } }, { id: "db4", replication: { sourceId: "db1" } }] }),
  };
  const query = writersQuerySchema.parse({});

  it("joins each tick with the worst lag among the server's replicas", () => {
    const v = writersView(facts, "db1", query, statementReaderFor(operator))!;
    expect(v.replicaIds).toEqual(["db3", "db4"]);
    expect(v.by).toBe("time");
    expect(v.points.map((p) => p.replicaLagSeconds)).toEqual([0, 9, 4, 6]);
    expect(v.points.map((p) => p.insert)).toEqual([0, 1, 2, 3]);
    expect(v.top[0]).toMatchObject({ example: writer.example, firstSeenAt: new Date(t0).toISOString() });
    expect(writersView(facts, "db9", query, statementReaderFor(operator))).toBeNull();
  });

  it("shows viewers the example masked", () => {
    expect(writersView(facts, "db1", query, statementReaderFor(viewer))!.top[0].example).toBe("alter user ?@? identified by ?");
  });
});
