import { describe, expect, it } from "vitest";
import type { ReplicationChannel, ServerVariables } from "@/lib/mysql/types";
import { channel as fixtureChannel } from "@/lib/topology/fixtures";
import { graphOf, rankCandidates } from "@/lib/topology";
import { buildPlan, type PlanInput } from "./plan";
import type { ServerProbe } from "./probe";

const PORTS: Record<string, number> = { db1: 3301, db2: 3302, db3: 3303, db4: 3304, db5: 3305, db6: 3306, db7: 3307 };

/** A healthy GTID channel from `source`, from the shared topology fixtures. */
function channel(source: string, over: Partial<ReplicationChannel> = {}): ReplicationChannel {
  return fixtureChannel(PORTS[source], Number(source.slice(2)), over);
}

function server(id: string, source: string | null, over: Partial<ServerProbe> = {}, vars: Partial<ServerVariables> = {}): ServerProbe {
  return {
    id,
    host: "127.0.0.1",
    port: PORTS[id],
    server: { id, host: "127.0.0.1", port: PORTS[id], user: "hotseat", password: "x", promotion: id === "db3" || id === "db4" ? "must_not" : "prefer" },
    reachable: true,
    error: null,
    dialect: "mariadb",
    variables: {
      serverId: Number(id.slice(2)),
      version: "10.11.6-MariaDB",
      dialect: "mariadb",
      readOnly: id !== "db1",
      superReadOnly: null,
      logBin: true,
      logReplicaUpdates: true,
      gtidMode: "ON",
      gtidExecuted: "0-1-100",
      gtidCurrentPos: "0-1-100",
      maxConnections: 200,
      ...vars,
    },
    replication: source ? [channel(source)] : [],
    stale: false,
    sampledAt: 0,
    ...over,
  };
}

const fleet = () => [server("db1", "db2"), server("db2", "db1"), server("db3", "db1"), server("db4", "db1")];
const base = (over: Partial<PlanInput> = {}): PlanInput => ({
  candidateId: "db2",
  writerId: "db1",
  servers: fleet(),
  lastSwitch: null,
  flapWindowSeconds: 600,
  catchUpTimeoutMs: 10_000,
  hookCount: 0,
  now: Date.parse("2026-01-01T00:00:00Z"),
  ...over,
});
const check = (plan: ReturnType<typeof buildPlan>, name: string) => plan.checks.find((c) => c.name === name)!;

describe("buildPlan across clusters", () => {
  // shop: db1 <-> db2, db3 and db4; auth: db5 <-> db6, db7 a replica of db6 (a chain)
  const twoClusters = () => [...fleet(), server("db5", "db6", {}, { readOnly: false }), server("db6", "db5"), server("db7", "db6")];
  const shop = { id: "shop", serverIds: ["db1", "db2", "db3", "db4"] };
  const auth = { id: "auth", serverIds: ["db5", "db6", "db7"] };

  it("refuses a candidate from another cluster, in words, and plans nothing", () => {
    const plan = buildPlan(base({ candidateId: "db6", servers: twoClusters(), cluster: shop, candidateClusterId: "auth" }));
    expect(plan.allowed).toBe(false);
    expect(plan.refusal?.rule).toBe("other_cluster");
    expect(plan.refusal?.message).toMatch(/^db6 is in cluster auth, not shop: a failover never leaves its cluster/);
    expect(plan.refusal?.message).toMatch(/ask for cluster auth/);
    expect(plan.replicas).toEqual([]);
    expect(plan.candidates.map((c) => c.id)).toEqual(["db2", "db3", "db4"]);
  });

  it("switches within its own cluster and repoints only the old writer's direct replicas: a chained one stays on its source", () => {
    const plan = buildPlan(base({ candidateId: "db6", writerId: "db5", servers: twoClusters(), cluster: auth, candidateClusterId: "auth" }));
    expect(plan.allowed).toBe(true);
    expect(plan.cluster).toEqual(auth);
    expect(check(plan, "same_cluster")).toMatchObject({ ok: true, detail: "db6 is in cluster auth, whose writer is switched" });
    // db7 replicates from db6, the candidate itself: it is not the old writer's replica and is left alone
    expect(plan.replicas).toEqual([]);
    const chained = [server("db1", "db2"), server("db2", "db1"), server("db3", "db1"), server("db4", "db3")];
    const shopPlan = buildPlan(base({ servers: chained, cluster: shop, candidateClusterId: "shop" }));
    expect(shopPlan.replicas.map((r) => r.id)).toEqual(["db3"]);
  });
});

describe("buildPlan", () => {
  it("allows the co-master, graceful, and repoints the plain replicas", () => {
    const plan = buildPlan(base());
    expect(plan.allowed).toBe(true);
    expect(plan.refusal).toBeNull();
    expect(plan.mode).toBe("graceful");
    expect(plan.replicas).toEqual([
      expect.objectContaining({ id: "db3", action: "repoint" }),
      expect.objectContaining({ id: "db4", action: "repoint" }),
    ]);
    expect(check(plan, "candidate_behind_writer").detail).toMatch(/every transaction of db1/);
  });

  it("refuses a plain replica, naming the co-master and the reason", () => {
    const plan = buildPlan(base({ candidateId: "db3", servers: fleet().map((s) => (s.id === "db3" ? { ...s, server: { ...s.server, promotion: "neutral" } } : s)) }));
    expect(plan.allowed).toBe(false);
    expect(plan.refusal?.rule).toBe("not_co_master");
    expect(plan.refusal?.message).toMatch(/plain replica of db1.*out of sync.*Only db2/);
  });

  it("refuses a server marked must_not first", () => {
    expect(buildPlan(base({ candidateId: "db4" })).refusal?.rule).toBe("promotion_must_not");
  });

  it("counts how far the candidate is behind", () => {
    const servers = fleet().map((s) => (s.id === "db2" ? { ...s, variables: { ...s.variables!, gtidCurrentPos: "0-1-97" } } : s));
    const plan = buildPlan(base({ servers }));
    expect(check(plan, "candidate_behind_writer").detail).toMatch(/3 transaction\(s\) behind db1/);
    expect(plan.allowed).toBe(true);
  });

  it("refuses broken replication on the candidate", () => {
    const servers = fleet().map((s) => (s.id === "db2" ? { ...s, replication: [channel("db1", { sqlRunning: false, lastSqlError: "Duplicate entry" })] } : s));
    expect(buildPlan(base({ servers })).refusal?.rule).toBe("replication_broken");
  });

  it("needs an emergency switch, acknowledged, when the writer is down, and says what may be missing", () => {
    const servers = fleet().map((s) =>
      s.id === "db1" ? { ...s, reachable: false, stale: true, error: "did not answer in time", variables: { ...s.variables!, gtidExecuted: "0-1-104" } } : s,
    );
    expect(buildPlan(base({ servers, mode: "graceful" })).refusal?.rule).toBe("writer_unreachable");
    const plan = buildPlan(base({ servers }));
    expect(plan.mode).toBe("emergency");
    expect(plan.allowed).toBe(true);
    expect(plan.requiresAcknowledgement).toEqual(["emergency_unacknowledged"]);
    expect(plan.refusal?.rule).toBe("emergency_unacknowledged");
    expect(plan.missingTransactions).toBe(4);
    expect(buildPlan(base({ servers, acknowledge: true })).refusal).toBeNull();
  });

  it("keeps a replica that is ahead of the candidate where it is in an emergency", () => {
    const servers = fleet().map((s) => {
      if (s.id === "db1") return { ...s, reachable: false };
      if (s.id === "db3") return { ...s, variables: { ...s.variables!, gtidCurrentPos: "0-1-102" } };
      return s;
    });
    const plan = buildPlan(base({ servers, acknowledge: true }));
    expect(plan.replicas.find((r) => r.id === "db3")).toMatchObject({ action: "stay" });
    expect(plan.replicas.find((r) => r.id === "db3")!.reason).toMatch(/2 transaction\(s\) from db1 that db2 lacks/);
    expect(plan.replicas.find((r) => r.id === "db4")).toMatchObject({ action: "repoint" });
  });

  it("refuses an emergency switch while the writer answers", () => {
    expect(buildPlan(base({ mode: "emergency", acknowledge: true })).refusal?.rule).toBe("writer_alive");
  });

  it("asks for an acknowledgement within the anti-flapping window", () => {
    const lastSwitch = { at: "2025-12-31T23:55:00Z", from: "db2", to: "db1" };
    const plan = buildPlan(base({ lastSwitch }));
    expect(plan.requiresAcknowledgement).toEqual(["flap_window"]);
    expect(plan.refusal?.rule).toBe("flap_window");
    expect(buildPlan(base({ lastSwitch, acknowledge: ["flap_window"] })).refusal).toBeNull();
    expect(buildPlan(base({ lastSwitch: { ...lastSwitch, at: "2025-12-31T23:00:00Z" } })).refusal).toBeNull();
  });

  it("refuses the writer itself", () => {
    expect(buildPlan(base({ candidateId: "db1" })).refusal?.rule).toBe("already_writer");
  });

  it("lists the candidates: the writer's co-master first, plain replicas and must_not after", () => {
    expect(buildPlan(base()).candidates).toEqual([
      { id: "db2", promotion: "prefer", eligible: true, reason: "db1's co-master (promotion: prefer)" },
      { id: "db3", promotion: "must_not", eligible: false, reason: "not db1's master-master partner" },
      { id: "db4", promotion: "must_not", eligible: false, reason: "not db1's master-master partner" },
    ]);
  });

  it("ranks two co-masters by promotion: prefer before neutral, must_not never eligible", () => {
    // A multi-source writer with two master-master partners; the neutral one comes first in the config.
    const promoted = (s: ServerProbe, promotion: "prefer" | "neutral" | "must_not"): ServerProbe => ({ ...s, server: { ...s.server, promotion } });
    const writer = server("db1", null, { replication: [channel("db2"), { ...channel("db3"), channel: "b" }] });
    const servers = [writer, promoted(server("db2", "db1"), "neutral"), promoted(server("db3", "db1"), "prefer"), server("db4", "db1")];
    const plan = buildPlan(base({ servers }));
    expect(plan.candidates.map((c) => [c.id, c.promotion, c.eligible])).toEqual([
      ["db3", "prefer", true],
      ["db2", "neutral", true],
      ["db4", "must_not", false],
    ]);
    // Swap the marks and the order follows: it is the promotion, not the config order, that ranks.
    const swapped = [writer, promoted(server("db2", "db1"), "prefer"), promoted(server("db3", "db1"), "neutral"), server("db4", "db1")];
    expect(buildPlan(base({ servers: swapped })).candidates.map((c) => c.id)).toEqual(["db2", "db3", "db4"]);
    // A co-master marked must_not is listed but not eligible, behind the eligible ones.
    const barred = [writer, promoted(server("db2", "db1"), "must_not"), promoted(server("db3", "db1"), "neutral"), server("db4", "db1")];
    expect(buildPlan(base({ servers: barred })).candidates).toEqual([
      { id: "db3", promotion: "neutral", eligible: true, reason: "db1's co-master (promotion: neutral)" },
      { id: "db2", promotion: "must_not", eligible: false, reason: 'db1\'s co-master, but marked "promotion: must_not"' },
      { id: "db4", promotion: "must_not", eligible: false, reason: "not db1's master-master partner" },
    ]);
  });

  it("rankCandidates works on plain servers, as the failover page uses it", () => {
    const sources = { a: ["w"], w: ["a", "b"], b: ["w"], r: ["w"] };
    const graph = graphOf(new Map(Object.entries(sources)));
    const ranked = rankCandidates(
      [
        { id: "a", promotion: "neutral" },
        { id: "w", promotion: "prefer" },
        { id: "b", promotion: "prefer" },
        { id: "r", promotion: "prefer" },
      ],
      graph,
      "w",
    );
    expect(ranked.map((c) => `${c.id}:${c.eligible}`)).toEqual(["b:true", "a:true", "r:false"]);
    expect(rankCandidates([{ id: "a", promotion: "prefer" }], graphOf(new Map()), null)).toEqual([
      { id: "a", promotion: "prefer", eligible: false, reason: "no writer is known to take over from" },
    ]);
  });
});

describe("plan wording, as the on-call engineer reads it", () => {
  it("with the writer down and nothing known missing: no 'at least 0', no GTID twice, the OK says why", () => {
    const servers = fleet().map((s) => (s.id === "db1" ? { ...s, reachable: false, stale: true, error: "did not answer in time" } : s));
    const plan = buildPlan(base({ servers }));
    expect(plan.missingTransactions).toBe(0);
    const details = plan.checks.map((c) => c.detail).join("\n");
    expect(details).not.toMatch(/at least 0/);
    expect(check(plan, "data_loss_acknowledged").detail).toContain("none known to be missing");
    expect(check(plan, "candidate_behind_writer").detail).toContain("db2 has 0-1-100:");
    expect(check(plan, "candidate_behind_writer").detail).not.toContain("0-1-100,0-1-100");
    const reach = check(plan, "old_writer_reachable");
    expect(reach.ok).toBe(true);
    expect(reach.detail).toMatch(/^what an emergency switch is for: db1 does not answer/);
  });
});
