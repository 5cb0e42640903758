import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/errors";
import type { Store } from "@/lib/store";
import { tempStores } from "@/lib/store/temp-store";
import { auditToCsv } from "./csv";
import { auditFacets, finishAudit, listAudit, openAudit, recordAudit, UNFINISHED } from "./log";

const fresh = tempStores("audit");
let db: Store;

beforeEach(async () => {
  db = await fresh();
  const base = { via: "session" as const, durationMs: 12 };
  await recordAudit({ ...base, actor: "oncall", role: "operator", action: "kill", serverId: "db1", params: { pid: 42, mode: "query" }, result: "ok", at: new Date("2025-03-03T09:15:00Z") }, db);
  await recordAudit({ ...base, actor: "boss", role: "viewer", action: "maintenance.set", params: { enabled: true }, result: "denied", error: "This needs the operator role", at: new Date("2025-03-03T09:16:00Z") }, db);
  await recordAudit({ ...base, actor: "oncall", role: "operator", action: "failover", serverId: "db3", params: { candidate: "db3", password: "hunter2" }, result: "refused", error: "db3 must not become the writer", at: new Date("2025-03-03T09:20:00Z") }, db);
});

const actions = async (filters: Parameters<typeof listAudit>[0]) => (await listAudit(filters, db)).map((e) => e.action);

describe("audit log", () => {
  it("lists newest first and filters by user, server, action, result and time", async () => {
    expect(await actions({})).toEqual(["failover", "maintenance.set", "kill"]);
    expect(await actions({ user: "oncall" })).toEqual(["failover", "kill"]);
    expect(await actions({ server: "db1" })).toEqual(["kill"]);
    expect((await listAudit({ action: "maintenance.set" }, db))[0].result).toBe("denied");
    expect((await listAudit({ result: "refused" }, db))[0].serverId).toBe("db3");
    expect((await listAudit({ since: "2025-03-03T09:16:00Z", until: "2025-03-03T09:20:00Z" }, db)).map((e) => e.actor)).toEqual(["boss"]);
    expect(await listAudit({ limit: 1 }, db)).toHaveLength(1);
    await expect(listAudit({ since: "yesterday" }, db)).rejects.toThrow(RangeError);
  });

  it("never stores a secret parameter", async () => {
    const [failover] = await listAudit({ action: "failover" }, db);
    expect(failover.params).toEqual({ candidate: "db3", password: "[redacted]" });
    expect(JSON.stringify(await listAudit({}, db))).not.toContain("hunter2");
  });

  it("offers the distinct users, servers and actions of known callers as filter choices, never a stranger's", async () => {
    const stranger = await fresh();
    await recordAudit({ actor: "oncall", role: "operator", via: "session", action: "kill", serverId: "db1", params: {}, result: "ok", durationMs: 1 }, stranger);
    await recordAudit({ actor: "x".repeat(64), role: null, via: null, action: "sign-in", serverId: "y".repeat(64), params: {}, result: "denied", durationMs: 1 }, stranger);
    expect(await auditFacets(stranger)).toEqual({ users: ["oncall"], servers: ["db1"], actions: ["kill"] });
    expect(await auditFacets(db)).toEqual({ users: ["boss", "oncall"], servers: ["db1", "db3"], actions: ["failover", "kill", "maintenance.set"] });
  });

  it("exports CSV with quoting and defused formulas", async () => {
    const [kill] = await listAudit({ action: "kill" }, db);
    const csv = auditToCsv([kill, { ...kill, id: 99, error: '=HYPERLINK("x")' }]);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,role,via,action,server_id,params,result,error,duration_ms,ip");
    expect(lines[1]).toContain(',"{""pid"":42,""mode"":""query""}",ok,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe("audit first", () => {
  it("an opened entry reads unfinished until its outcome is recorded in the same row", async () => {
    const id = await openAudit({ actor: "oncall", role: "operator", via: "token", action: "kill", serverId: "db1", params: { pid: 7 } }, db);
    expect((await listAudit({ action: "kill", limit: 1 }, db))[0]).toMatchObject({ id, result: "error", error: UNFINISHED, durationMs: 0 });
    await finishAudit(id, { actor: "oncall", role: "operator", action: "kill", serverId: "db1", params: { pid: 7, outcome: "killed" }, result: "ok", durationMs: 31 }, db);
    const [entry] = await listAudit({ action: "kill", limit: 1 }, db);
    expect(entry).toMatchObject({ id, actor: "oncall", via: "token", result: "ok", error: null, durationMs: 31, params: { pid: 7, outcome: "killed" } });
    expect(await listAudit({ action: "kill" }, db)).toHaveLength(2);
  });

  it("a store that cannot be written refuses the action (503); recording and finishing never throw", async () => {
    const gone = await fresh();
    await gone.schema.dropTable("audit").execute();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const opened = openAudit({ actor: "oncall", role: "operator", action: "kill" }, gone);
    await expect(opened).rejects.toBeInstanceOf(ApiError);
    await expect(opened).rejects.toMatchObject({ code: "unavailable", message: expect.stringMatching(/refuses every action.*nothing was done/) });
    await expect(recordAudit({ actor: "oncall", role: "operator", action: "kill", result: "ok", durationMs: 1 }, gone)).resolves.toBeNull();
    await expect(finishAudit(1, { actor: "oncall", role: "operator", action: "kill", result: "ok", durationMs: 1 }, gone)).resolves.toBeUndefined();
    // each failure is said on stderr instead
    expect(logged).toHaveBeenCalledTimes(3);
    logged.mockRestore();
  });
});

describe("audit rows are bounded whatever a caller sends", () => {
  it("keeps 50 keys of a huge object and cuts long names", async () => {
    const { paramsToJson } = await import("./redact");
    const huge = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const json = paramsToJson({ body: huge })!;
    expect(Object.keys((JSON.parse(json) as { body: Record<string, number> }).body)).toHaveLength(50);
  });

  it("cuts every text field and keeps no NUL (PostgreSQL refuses it in text); a filter with one finds the row", async () => {
    const entry = (await recordAudit({ actor: `a\u0000${"x".repeat(500)}`, role: null, action: "y".repeat(500), serverId: "db1\u0000", error: "e".repeat(5000), ip: "1".repeat(100), result: "denied", durationMs: -5 }, db))!;
    expect(entry.actor).toHaveLength(200);
    expect(entry.actor.startsWith("a\uFFFDx")).toBe(true);
    expect([entry.action.length, entry.error?.length, entry.ip?.length, entry.durationMs]).toEqual([200, 2000, 64, 0]);
    expect(entry.serverId).toBe("db1\uFFFD");
    expect((await listAudit({ server: "db1\u0000" }, db)).map((e) => e.id)).toEqual([entry.id]);
  });
});
