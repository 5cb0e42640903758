import { describe, expect, it } from "vitest";
import { evaluate, type AlertState } from "./engine";
import type { Observation } from "./observe";
import type { AlertRule } from "./rules";

const rule = (over: Partial<AlertRule> = {}): AlertRule => ({
  id: "replication_stopped",
  title: "Replication stopped",
  severity: "warning",
  enabled: true,
  forSeconds: 10,
  resolveSeconds: 5,
  silenceDuringMaintenance: true,
  thresholds: {},
  ...over,
});
const stopped: Observation = { ruleId: "replication_stopped", serverId: "db4", severity: "warning", message: "Replication on db4 is stopped (SQL thread)." };

/** Run the engine over a script of (seconds, observations, maintenance) ticks; collect transitions. */
function run(rules: AlertRule[], ticks: [number, Observation[], boolean?][]) {
  let states = new Map<string, AlertState>();
  const log: string[] = [];
  for (const [t, observations, maintenance] of ticks) {
    const out = evaluate({ states, observations, rules, now: t * 1000, maintenance: maintenance ?? false });
    states = out.states;
    for (const tr of out.transitions) log.push(`${t}:${tr.kind}:${tr.key}`);
  }
  return { log, states };
}

describe("alert rule engine", () => {
  it("fires once after forSeconds, never again while the condition holds, then resolves once", () => {
    const { log } = run([rule()], [
      [0, [stopped]],
      [5, [stopped]],
      [10, [stopped]],
      [11, [stopped]],
      [30, [stopped]],
      [31, []],
      [33, []],
      [36, []],
      [40, []],
    ]);
    expect(log).toEqual(["10:firing:replication_stopped:db4", "36:resolved:replication_stopped:db4"]);
  });

  it("forgets a condition that clears before forSeconds, without a word", () => {
    const { log, states } = run([rule()], [
      [0, [stopped]],
      [5, []],
      [20, []],
    ]);
    expect(log).toEqual([]);
    expect(states.size).toBe(0);
  });

  it("does not resolve when the condition returns within resolveSeconds (no flapping)", () => {
    const { log } = run([rule()], [
      [0, [stopped]],
      [10, [stopped]],
      [12, []],
      [14, [stopped]],
      [16, []],
      [22, []],
    ]);
    expect(log).toEqual(["10:firing:replication_stopped:db4", "22:resolved:replication_stopped:db4"]);
  });

  it("keeps the first signal time across ticks and records the firing time", () => {
    const { states } = run([rule()], [
      [3, [stopped]],
      [13, [stopped]],
    ]);
    expect(states.get("replication_stopped:db4")).toMatchObject({ status: "firing", since: 3000, firedAt: 13000 });
  });

  it("is silenced during maintenance where the rule says so, and fires once maintenance ends", () => {
    const { log } = run([rule()], [
      [0, [stopped], true],
      [20, [stopped], true],
      [21, [stopped], false],
    ]);
    expect(log).toEqual(["21:firing:replication_stopped:db4"]);
    const loud = run([rule({ silenceDuringMaintenance: false })], [
      [0, [stopped], true],
      [10, [stopped], true],
    ]);
    expect(loud.log).toEqual(["10:firing:replication_stopped:db4"]);
  });

  it("still resolves a firing alert during maintenance", () => {
    const { log } = run([rule({ resolveSeconds: 0 })], [
      [0, [stopped]],
      [10, [stopped]],
      [11, [], true],
    ]);
    expect(log).toEqual(["10:firing:replication_stopped:db4", "11:resolved:replication_stopped:db4"]);
  });

  it("keeps one episode per (rule, server)", () => {
    const db3 = { ...stopped, serverId: "db3" };
    const { log } = run([rule({ forSeconds: 0 })], [
      [0, [stopped, db3]],
      [1, [stopped, db3]],
      [2, [db3]],
      [8, [db3]],
    ]);
    expect(log).toEqual(["0:firing:replication_stopped:db4", "0:firing:replication_stopped:db3", "8:resolved:replication_stopped:db4"]);
  });

  it("ignores disabled rules and resolves what a rule disabled since was firing", () => {
    const { log, states } = run([rule({ enabled: false })], [[0, [stopped]], [20, [stopped]]]);
    expect(log).toEqual([]);
    expect(states.size).toBe(0);
    const firing: AlertState = { ruleId: "replication_stopped", serverId: "db4", status: "firing", severity: "warning", message: "x", since: 0, firedAt: 0, clearSince: null, episodeId: 7 };
    const out = evaluate({ states: new Map([["replication_stopped:db4", firing]]), observations: [stopped], rules: [rule({ enabled: false })], now: 1000, maintenance: false });
    expect(out.transitions.map((t) => t.kind)).toEqual(["resolved"]);
  });
});
