import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlertEngine } from "@/lib/alerts";
import { Collector } from "@/lib/collector";
import type { HotSeatConfig } from "@/lib/config";
import { listDeliveries, Notifier } from "@/lib/notify";
import { openStore, type Store } from "@/lib/store";
import { startReceiver, type Receiver } from "./alerts-webhook-receiver";
import { labConfig, scenario, waitFor } from "./lab";

/**
 * Real replication, real webhooks: stopping db4's SQL thread fires replication_stopped (and
 * replica_lagging once its true lag passes the cutoff) exactly once per webhook, however many
 * evaluations follow; starting it again sends one resolved notice each. A receiver that fails
 * twice gets the delivery on the third attempt, recorded with every attempt.
 */
describe("alerts against the lab", () => {
  let receiver: Receiver;
  let collector: Collector;
  let engine: AlertEngine;
  let db: Store;
  let dir: string;
  let config: HotSeatConfig;

  const db4Notices = (event: string, rule: string, hook: string) =>
    receiver.received.filter((r) => {
      if (r.path !== hook) return false;
      if (hook === "/json") return r.body.event === event && r.body.rule === rule && r.body.serverId === "db4";
      const text = String(r.body.text ?? "");
      const blocks = JSON.stringify(r.body.blocks ?? []);
      return text.startsWith(event === "firing" ? "FIRING" : "RESOLVED") && text.includes("on db4") && blocks.includes(`\`${rule}\``);
    });

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-alerts-"));
    db = await openStore(path.join(dir, "hotseat.db"));
    const lab = labConfig();
    config = {
      ...lab,
      alerts: {
        webhooks: [
          { url: receiver.url("/json"), format: "json" },
          { url: receiver.url("/slack"), format: "slack" },
        ],
        rules: {
          replication_stopped: { forSeconds: 2, resolveSeconds: 1 },
          replica_lagging: { forSeconds: 2, resolveSeconds: 1 },
        },
        delivery: { backoffMs: 200, maxBackoffMs: 1000, maxAttempts: 5 },
        consoleUrl: "http://console.example",
      },
    };
    collector = new Collector(config);
    const notifier = new Notifier({ webhooks: config.alerts.webhooks, policy: config.alerts.delivery, db, tickMs: 200, leader: () => true });
    engine = new AlertEngine({ collector, config, notifier, maintenance: () => false, db, leader: () => true });
    collector.start();
    const db4 = () => collector.topology().servers.find((s) => s.id === "db4")!;
    await waitFor(() => db4().lagSource === "heartbeat" && db4().readEligible, 20_000, "db4 healthy on heartbeat lag");
    engine.start();
  });

  afterAll(async () => {
    scenario("start-sql", "db4");
    engine?.stop();
    collector?.stop();
    await db?.destroy();
    await receiver?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stop-sql db4: one firing notice per webhook for replication_stopped, then for replica_lagging, no duplicates", async () => {
    scenario("stop-sql", "db4");
    await waitFor(() => db4Notices("firing", "replication_stopped", "/json").length > 0 && db4Notices("firing", "replication_stopped", "/slack").length > 0, 20_000, "replication_stopped firing");
    const json = db4Notices("firing", "replication_stopped", "/json")[0].body;
    expect(json).toMatchObject({ event: "firing", rule: "replication_stopped", serverId: "db4", severity: "warning", resolvedAt: null, runbookUrl: "http://console.example/runbooks/replication-stopped" });
    expect(String(json.message)).toMatch(/SQL thread/);

    await waitFor(() => db4Notices("firing", "replica_lagging", "/json").length > 0, (config.lagCutoffSeconds + 15) * 1000, "replica_lagging firing");
    await new Promise((r) => setTimeout(r, 4_000)); // several more evaluations
    for (const hook of ["/json", "/slack"]) {
      expect(db4Notices("firing", "replication_stopped", hook), hook).toHaveLength(1);
      expect(db4Notices("firing", "replica_lagging", hook), hook).toHaveLength(1);
      expect(db4Notices("resolved", "replication_stopped", hook), hook).toHaveLength(0);
    }
  });

  it("start-sql db4: one resolved notice each, recorded as delivered", async () => {
    scenario("start-sql", "db4");
    await waitFor(
      () => ["replication_stopped", "replica_lagging"].every((rule) => db4Notices("resolved", rule, "/json").length > 0 && db4Notices("resolved", rule, "/slack").length > 0),
      40_000,
      "both alerts resolved",
    );
    await new Promise((r) => setTimeout(r, 3_000));
    for (const hook of ["/json", "/slack"]) {
      for (const rule of ["replication_stopped", "replica_lagging"]) {
        expect(db4Notices("resolved", rule, hook), `${rule} ${hook}`).toHaveLength(1);
        expect(db4Notices("firing", rule, hook), `${rule} ${hook}`).toHaveLength(1);
      }
    }
    const resolved = db4Notices("resolved", "replication_stopped", "/json")[0].body;
    expect(Date.parse(String(resolved.resolvedAt))).toBeGreaterThan(Date.parse(String(resolved.startedAt)));

    const episodes = await db.selectFrom("alert_episodes").select(["rule", "server_id", "resolved_at"]).where("server_id", "=", "db4").execute();
    expect(episodes.map((e) => e.rule).sort()).toEqual(["replica_lagging", "replication_stopped"]);
    expect(episodes.every((e) => e.resolved_at)).toBe(true);
    const deliveries = (await listDeliveries({ limit: 100 }, db)).filter((d) => d.status !== "delivered");
    expect(deliveries).toEqual([]);
  });

  it("retries a webhook that answers 500 twice, and records every attempt", async () => {
    receiver.script.set("/flaky", [500, 500]);
    const notifier = new Notifier({ webhooks: [{ url: receiver.url("/flaky"), format: "json" }], policy: { backoffMs: 200, maxBackoffMs: 1000, maxAttempts: 5 }, db, tickMs: 100, leader: () => true });
    const [first] = await notifier.sendNow({
      event: "test", rule: "test", title: "Test", serverId: null, severity: "warning", message: "retry me", startedAt: new Date().toISOString(), resolvedAt: null, runbookUrl: null,
    });
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500" });
    notifier.start();
    try {
      const done = await waitFor(async () => (await listDeliveries({ limit: 20 }, db)).find((d) => d.id === first.id && d.status === "delivered"), 10_000, "the delivery to succeed");
      expect(done.attempts).toBe(3);
      expect(done.attemptLog.map((a) => a.status)).toEqual([500, 500, 200]);
      expect(done.lastStatus).toBe(200);
      const gaps = done.attemptLog.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(done.attemptLog[i].at));
      expect(gaps[0]).toBeGreaterThanOrEqual(190); // backoff 200 ms, then 400 ms
      expect(gaps[1]).toBeGreaterThanOrEqual(390);
      expect(receiver.received.filter((r) => r.path === "/flaky")).toHaveLength(3);
    } finally {
      notifier.stop();
    }
  });
});
