import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AlertEngine } from "@/lib/alerts";
import {
  episodesBetween,
  getEpisode,
  insertEpisode,
  noteEpisodeMessage,
  openEpisodeOf,
  openEpisodes,
  recentEpisodes,
  resolveEpisode,
  type NewEpisode,
} from "@/lib/alerts/episodes";
import { analyseSnapshot } from "@/lib/collector/collector";
import type { FleetReader } from "@/lib/collector/reader";
import type { FleetSnapshot } from "@/lib/collector/types";
import { parseConfig } from "@/lib/config/load";
import { addFollowup, listFollowups, setFollowupDone } from "@/lib/incidents/followups";
import { getIncident, listIncidents, openIncident, postIncidentUpdate } from "@/lib/incidents/records";
import { claimDelivery, dueDeliveries, enqueueDeliveries, getDelivery, listDeliveries, pendingDelivery, recordAttempt } from "@/lib/notify/deliveries";
import { Notifier } from "@/lib/notify/notifier";
import type { AlertNotice } from "@/lib/notify/payloads";
import type { Store } from "@/lib/store";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import { describeEachEngine } from "./store-engines";

/** A webhook receiver counting what it was sent, by event. */
let receiver: http.Server;
let received: { event: string; rule: string; serverId: string | null }[] = [];
let hookUrl = "";
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s));
const notice = (over: Partial<AlertNotice> = {}): AlertNotice => ({
  event: "firing", rule: "replication_stopped", title: "Replication stopped", serverId: "db4", severity: "warning",
  message: "Replication on db4 is stopped (SQL thread).", startedAt: at(0).toISOString(), resolvedAt: null, runbookUrl: null, ...over,
});
const episode = (over: Partial<NewEpisode> = {}): NewEpisode => ({
  rule: "replication_stopped", serverId: "db4", severity: "warning", message: "stopped", pendingSince: at(0), firedAt: at(5), ...over,
});
const policy = { maxAttempts: 3, backoffMs: 1000, maxBackoffMs: 10_000, timeoutMs: 1000 };

// Two consoles' engines over one store; the fleet a fake of the collector's memory (no MySQL here).
const config = parseConfig({
  servers: ["db1", "db2", "db3", "db4"].map((id, i) => ({ id, host: "127.0.0.1", port: 33061 + i, user: "hotseat", password: "x" })),
  alerts: { rules: { server_unreachable: { forSeconds: 2, resolveSeconds: 2 } } },
});
const frozen = storyFleet({ db3: { reachable: false, error: "connect ETIMEDOUT", lastSeenAt: NOW - 10_000 } });
const healthy = storyFleet();
function fleet(current: () => FleetSnapshot): FleetReader {
  return {
    config,
    running: true,
    snapshot: () => current(),
    topology: (now = NOW) => analyseSnapshot(config, current(), now),
    historyOf: () => null,
    writersOf: () => null,
    pollStats: () => ({}),
    hasServer: (id) => config.servers.some((s) => s.id === id),
    pollOnce: async () => undefined,
    stop: () => undefined,
  };
}

describeEachEngine("incidents, alert episodes and deliveries", (fresh, engine) => {
  let db: Store;
  beforeAll(async () => {
    db = await fresh();
  });

  it("incidents: updates newest first, components carried forward, monitoring and resolution stamped once", async () => {
    const inc = await openIncident({ name: `Checkout slow ${engine}`, impact: "minor", status: "investigating", body: "Looking", components: ["website", "website"], by: "oncall", at: at(0) }, db);
    expect(inc).toMatchObject({ status: "investigating", impact: "minor", createdAt: at(0).toISOString(), monitoringAt: null, resolvedAt: null, createdBy: "oncall" });
    expect(inc.updates).toMatchObject([{ body: "Looking", components: ["website"], status: "investigating" }]);

    await postIncidentUpdate(inc.id, { status: "monitoring", body: "Fix out", components: null, impact: "major", by: "oncall", at: at(10) }, db);
    await postIncidentUpdate(inc.id, { status: "monitoring", body: "Still watching", components: ["database-writes"], by: "cto", at: at(20) }, db);
    const done = (await postIncidentUpdate(inc.id, { status: "resolved", body: "Fixed", components: null, by: "oncall", at: at(30) }, db))!;
    expect(done).toMatchObject({ status: "resolved", impact: "major", monitoringAt: at(10).toISOString(), resolvedAt: at(30).toISOString(), updatedAt: at(30).toISOString() });
    expect(done.updates.map((u) => [u.body, u.components])).toEqual([["Fixed", ["database-writes"]], ["Still watching", ["database-writes"]], ["Fix out", ["website"]], ["Looking", ["website"]]]);

    // reopened: no longer resolved; resolved again: the new time
    await postIncidentUpdate(inc.id, { status: "investigating", body: "Back", components: null, by: "oncall", at: at(40) }, db);
    expect((await getIncident(inc.id, db))!.resolvedAt).toBeNull();
    expect(await postIncidentUpdate(999_999, { status: "resolved", body: "x", components: null, by: "oncall" }, db)).toBeNull();
    expect(await getIncident(999_999, db)).toBeNull();

    const other = await openIncident({ name: "Resolved at once", impact: "none", status: "resolved", body: "n/a", components: [], by: "oncall", at: at(50) }, db);
    expect(other.resolvedAt).toBe(at(50).toISOString());
    expect((await listIncidents({ limit: 0 }, db)).map((i) => i.id)).toEqual([inc.id]);
    expect((await listIncidents({}, db)).map((i) => i.id)).toEqual([other.id, inc.id]);
  });

  it("follow-ups: in order, done and open again, only through their own incident", async () => {
    const inc = await openIncident({ name: "Postmortem", impact: "none", status: "resolved", body: "x", components: [], by: "oncall" }, db);
    const first = await addFollowup(inc.id, { text: "Alert on lag", owner: "cto" }, "oncall", at(0), db);
    const second = await addFollowup(inc.id, { text: "Runbook" }, "oncall", at(1), db);
    expect(first).toMatchObject({ incidentId: inc.id, text: "Alert on lag", owner: "cto", done: false, createdAt: at(0).toISOString(), createdBy: "oncall", doneAt: null });
    expect(await setFollowupDone(inc.id + 1000, first.id, true, at(2), db)).toBeNull();
    expect(await setFollowupDone(inc.id, second.id, true, at(3), db)).toMatchObject({ done: true, doneAt: at(3).toISOString() });
    expect((await listFollowups(inc.id, db)).map((f) => [f.text, f.done])).toEqual([["Alert on lag", false], ["Runbook", true]]);
    expect(await setFollowupDone(inc.id, second.id, false, at(4), db)).toMatchObject({ done: false, doneAt: null });
    expect(await listFollowups(inc.id + 1000, db)).toEqual([]);
  });

  it("episodes: one open per (rule, server), resolved once, read back by window", async () => {
    const first = (await insertEpisode(episode(), db))!;
    expect(first).toMatchObject({ rule: "replication_stopped", serverId: "db4", resolvedAt: null, pendingSince: at(0).toISOString(), firedAt: at(5).toISOString(), lastMessage: null });
    // a second console firing the same alert: nothing written, the open one is the episode
    expect(await insertEpisode(episode({ firedAt: at(6) }), db)).toBeNull();
    expect((await openEpisodeOf("replication_stopped", "db4", db))!.id).toBe(first.id);
    // another server, and the fleet (no server), each have their own
    const fleetWide = (await insertEpisode(episode({ rule: "all_replicas_past_cutoff", serverId: null, firedAt: at(7) }), db))!;
    expect(await insertEpisode(episode({ rule: "all_replicas_past_cutoff", serverId: null }), db)).toBeNull();
    expect((await openEpisodeOf("all_replicas_past_cutoff", null, db))!.id).toBe(fleetWide.id);
    expect(await insertEpisode(episode({ serverId: "db3", firedAt: at(8) }), db)).not.toBeNull();

    await noteEpisodeMessage(first.id, "still stopped", db);
    expect((await getEpisode(first.id, db))!.lastMessage).toBe("still stopped");
    const resolved = await resolveEpisode(first.id, at(60), null, db);
    expect(resolved).toMatchObject({ id: first.id, resolvedAt: at(60).toISOString(), lastMessage: "still stopped" });
    // compare-and-set: a second resolution (the other console) gets nothing and changes nothing
    expect(await resolveEpisode(first.id, at(70), "late", db)).toBeNull();
    expect(await getEpisode(first.id, db)).toMatchObject({ resolvedAt: at(60).toISOString(), lastMessage: "still stopped" });
    await noteEpisodeMessage(first.id, "after the end", db);
    expect((await getEpisode(first.id, db))!.lastMessage).toBe("still stopped");

    // resolved, the (rule, server) may open again
    const again = (await insertEpisode(episode({ pendingSince: at(80), firedAt: at(85) }), db))!;
    expect(again.id).not.toBe(first.id);
    expect((await openEpisodes(db)).map((e) => e.id)).toEqual([fleetWide.id, (await openEpisodeOf("replication_stopped", "db3", db))!.id, again.id]);
    expect((await recentEpisodes(2, db)).map((e) => e.id)).toEqual([again.id, (await openEpisodeOf("replication_stopped", "db3", db))!.id]);
    expect((await episodesBetween(at(61), at(79), db)).map((e) => e.id)).not.toContain(first.id);
    expect((await episodesBetween(at(30), at(79), db)).map((e) => e.id)).toContain(first.id);
    expect((await episodesBetween(at(30), at(79), db)).map((e) => e.id)).not.toContain(again.id);
  });

  it("two consoles opening one episode at the same moment: exactly one writes it", async () => {
    const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => insertEpisode(episode({ rule: "server_unreachable", serverId: "db9", firedAt: at(i) }), db)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    const open = (await openEpisodes(db)).filter((e) => e.rule === "server_unreachable" && e.serverId === "db9");
    expect(open).toHaveLength(1);
    const resolves = await Promise.all(Array.from({ length: 8 }, () => resolveEpisode(open[0].id, at(90), null, db)));
    expect(resolves.filter(Boolean)).toHaveLength(1);
  });

  it("deliveries: one per webhook, due now, never showing the URL", async () => {
    const webhooks = [
      { url: "https://hooks.slack.com/services/T0/B0/secret", format: "slack" as const },
      { url: "https://example.com/hook?token=secret", format: "json" as const },
    ];
    const queued = await enqueueDeliveries(notice(), webhooks, null, at(0), db);
    expect(queued.map((d) => [d.target, d.format, d.status, d.attempts, d.nextAttemptAt])).toEqual([
      ["https://hooks.slack.com", "slack", "pending", 0, at(0).toISOString()],
      ["https://example.com", "json", "pending", 0, at(0).toISOString()],
    ]);
    expect(JSON.stringify(queued)).not.toContain("secret");
    expect((queued[1].payload as { rule: string }).rule).toBe("replication_stopped");
    expect(await enqueueDeliveries(notice(), [], null, at(0), db)).toEqual([]);

    const ids = queued.map((d) => d.id);
    expect((await dueDeliveries(at(0), 20, db)).filter((d) => ids.includes(d.id)).map((d) => d.url)).toEqual(webhooks.map((w) => w.url));
    expect((await dueDeliveries(new Date(at(0).getTime() - 1), 20, db)).filter((d) => ids.includes(d.id))).toEqual([]);
    expect(await pendingDelivery(ids[0], db)).toMatchObject({ id: ids[0], url: webhooks[0].url, attempts: 0 });
  });

  it("a claim is compare-and-set: of two concurrent claims of one delivery exactly one wins", async () => {
    const [d] = await enqueueDeliveries(notice(), [{ url: "http://127.0.0.1:9/x", format: "json" }], null, at(0), db);
    const lease = at(10);
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimDelivery(d.id, at(1), lease, db)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await getDelivery(d.id, db))!.nextAttemptAt).toBe(lease.toISOString());
    // leased: not due, not claimable until the lease ends; then claimable again (a sender that died)
    expect((await dueDeliveries(at(5), 100, db)).map((x) => x.id)).not.toContain(d.id);
    expect(await claimDelivery(d.id, at(5), at(15), db)).toBe(false);
    expect(await claimDelivery(d.id, at(10), at(20), db)).toBe(true);

    // the second claim waits for the first's transaction and then finds the lease moved
    const [e] = await enqueueDeliveries(notice(), [{ url: "http://127.0.0.1:9/x", format: "json" }], null, at(0), db);
    const other: { claim?: Promise<boolean> } = {};
    const first = await db.transaction().execute(async (trx) => {
      const won = await claimDelivery(e.id, at(1), at(10), trx);
      other.claim = claimDelivery(e.id, at(1), at(10), db);
      await new Promise((r) => setTimeout(r, 100));
      return won;
    });
    expect(first).toBe(true);
    expect(await other.claim).toBe(false);
  });

  it("attempts: retried after backoff, each recorded, failed for good after the last; delivered on 2xx", async () => {
    const [d] = await enqueueDeliveries(notice(), [{ url: "http://127.0.0.1:9/x", format: "json" }], null, at(0), db);
    const r1 = (await recordAttempt(d.id, { at: at(0).toISOString(), status: 500, error: "HTTP 500", durationMs: 200 }, policy, db))!;
    expect(r1).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500", nextAttemptAt: new Date(at(0).getTime() + 200 + 1000).toISOString(), deliveredAt: null });
    const r2 = (await recordAttempt(d.id, { at: at(2).toISOString(), status: null, error: "ECONNREFUSED", durationMs: 0 }, policy, db))!;
    expect(r2).toMatchObject({ status: "pending", attempts: 2, lastStatus: null, nextAttemptAt: new Date(at(2).getTime() + 2000).toISOString() });
    const r3 = (await recordAttempt(d.id, { at: at(5).toISOString(), status: 503, error: "HTTP 503", durationMs: 10 }, policy, db))!;
    expect(r3).toMatchObject({ status: "failed", attempts: 3, nextAttemptAt: null });
    expect(r3.attemptLog.map((a) => a.status)).toEqual([500, null, 503]);
    expect(await pendingDelivery(d.id, db)).toBeNull();

    const ep = (await insertEpisode(episode({ rule: "replication_error", serverId: "db2" }), db))!;
    const [ok] = await enqueueDeliveries(notice(), [{ url: "http://127.0.0.1:9/x", format: "json" }], ep.id, at(0), db);
    const delivered = (await recordAttempt(ok.id, { at: at(1).toISOString(), status: 204, error: null, durationMs: 30 }, policy, db))!;
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 204, nextAttemptAt: null, deliveredAt: new Date(at(1).getTime() + 30).toISOString() });
    expect((await listDeliveries({ episodeId: ep.id }, db)).map((x) => x.id)).toEqual([ok.id]);
    expect((await listDeliveries({ limit: 2 }, db)).map((x) => x.id)).toEqual([ok.id, d.id]);
    expect(await recordAttempt(999_999, { at: at(1).toISOString(), status: 200, error: null, durationMs: 1 }, policy, db)).toBeNull();
  });

  it("a follower evaluates but writes no episode; after a change of leader the new one continues the open episode, pages once and resolves it", async () => {
    const store = await fresh();
    received = [];
    let snapshot = frozen;
    let leader: "A" | "B" | "both" = "A";
    const leads = (name: "A" | "B") => () => leader === name || leader === "both";
    const consoles = (["A", "B"] as const).map((name) => {
      const notifier = new Notifier({ webhooks: [{ url: hookUrl, format: "json" }], policy, db: store, leader: leads(name) });
      return { notifier, engine: new AlertEngine({ collector: fleet(() => snapshot), config, notifier, maintenance: () => false, db: store, leader: leads(name) }) };
    });
    const [a, b] = consoles;
    const mine = async () => (await openEpisodes(store)).filter((e) => e.rule === "server_unreachable" && e.serverId === "db3");
    const ours = (p: unknown) => (p as { rule?: string }).rule === "server_unreachable" && (p as { serverId?: string }).serverId === "db3";
    const deliveries = async () => (await listDeliveries({ limit: 100 }, store)).filter((d) => ours(d.payload)).map((d) => d.event).sort();
    const pages = () => received.filter(ours).map((r) => r.event);
    const drainBoth = () => Promise.all(consoles.map((c) => c.notifier.drain()));
    const firing = (c: (typeof consoles)[number]) => c.engine.current().filter((s) => s.ruleId === "server_unreachable" && s.serverId === "db3");

    await a.engine.tick(NOW);
    await b.engine.tick(NOW);
    await b.engine.tick(NOW + 2_000);
    // B follows: it shows the alert firing, and wrote nothing
    expect(firing(b)).toMatchObject([{ status: "firing", episodeId: null }]);
    expect(await mine()).toEqual([]);
    expect(await deliveries()).toEqual([]);

    await a.engine.tick(NOW + 2_000);
    const [open] = await mine();
    expect(open).toMatchObject({ pendingSince: new Date(NOW).toISOString(), firedAt: new Date(NOW + 2_000).toISOString() });
    expect(firing(a)).toMatchObject([{ status: "firing", episodeId: open.id }]);
    expect(await deliveries()).toEqual(["firing"]);
    await drainBoth();
    expect(pages()).toEqual(["firing"]);

    // B takes the lead: it adopts the open episode, fires nothing again, however many ticks
    leader = "B";
    for (const t of [3_000, 4_000, 5_000]) {
      await a.engine.tick(NOW + t);
      await b.engine.tick(NOW + t);
    }
    expect(firing(b)).toMatchObject([{ status: "firing", episodeId: open.id, firedAt: NOW + 2_000 }]);
    expect((await mine()).map((e) => e.id)).toEqual([open.id]);
    expect(await deliveries()).toEqual(["firing"]);
    await drainBoth();
    expect(pages()).toEqual(["firing"]);

    // db3 answers again: the new leader resolves the episode once; the old one, following, writes nothing
    snapshot = healthy;
    for (const t of [6_000, 7_000, 8_000, 9_000]) {
      await a.engine.tick(NOW + t);
      await b.engine.tick(NOW + t);
    }
    expect(await mine()).toEqual([]);
    expect(await getEpisode(open.id, store)).toMatchObject({ resolvedAt: new Date(NOW + 8_000).toISOString() });
    expect(await deliveries()).toEqual(["firing", "resolved"]);
    await drainBoth();
    expect(pages()).toEqual(["firing", "resolved"]);
    expect(firing(a)).toEqual([]);
    expect(firing(b)).toEqual([]);

    // both briefly believing they lead (a hand-over in flight): still one episode, one page each way
    leader = "both";
    snapshot = frozen;
    for (const t of [20_000, 22_000, 23_000]) await Promise.all([a.engine.tick(NOW + t), b.engine.tick(NOW + t)]);
    expect(await mine()).toHaveLength(1);
    snapshot = healthy;
    for (const t of [24_000, 26_000, 27_000]) await Promise.all([a.engine.tick(NOW + t), b.engine.tick(NOW + t)]);
    expect(await mine()).toEqual([]);
    await drainBoth();
    expect(pages()).toEqual(["firing", "resolved", "firing", "resolved"]);
    expect(await deliveries()).toEqual(["firing", "firing", "resolved", "resolved"]);
  });

  it("an engine that starts as leader after the condition cleared continues the open episode and resolves it", async () => {
    const store = await fresh();
    const ep = (await insertEpisode(episode({ rule: "server_unreachable", serverId: "db3", pendingSince: new Date(NOW - 60_000), firedAt: new Date(NOW - 58_000) }), store))!;
    const notifier = new Notifier({ webhooks: [{ url: hookUrl, format: "json" }], policy, db: store, leader: () => true });
    const e = new AlertEngine({ collector: fleet(() => healthy), config, notifier, maintenance: () => false, db: store, leader: () => true });
    await e.tick(NOW);
    expect(e.current()).toMatchObject([{ ruleId: "server_unreachable", serverId: "db3", status: "firing", episodeId: ep.id, clearSince: NOW }]);
    await e.tick(NOW + 2_000);
    expect(await getEpisode(ep.id, store)).toMatchObject({ resolvedAt: new Date(NOW + 2_000).toISOString() });
    expect((await listDeliveries({ episodeId: ep.id }, store)).map((d) => d.event)).toEqual(["resolved"]);
    await notifier.drain();
  });
});
