import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type StoreDb } from "@/lib/store/db";
import { auditToCsv } from "./csv";
import { auditFacets, listAudit, recordAudit } from "./log";

let dir: string;
let db: StoreDb;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-audit-"));
  db = openStore(path.join(dir, "hotseat.db"));
  const base = { via: "session" as const, durationMs: 12 };
  recordAudit({ ...base, actor: "oncall", role: "operator", action: "kill", serverId: "db1", params: { pid: 42, mode: "query" }, result: "ok", at: new Date("2025-03-03T09:15:00Z") }, db);
  recordAudit({ ...base, actor: "boss", role: "viewer", action: "maintenance.set", params: { enabled: true }, result: "denied", error: "This needs the operator role", at: new Date("2025-03-03T09:16:00Z") }, db);
  recordAudit({ ...base, actor: "oncall", role: "operator", action: "failover", serverId: "db3", params: { candidate: "db3", password: "hunter2" }, result: "refused", error: "db3 must not become the writer", at: new Date("2025-03-03T09:20:00Z") }, db);
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("audit log", () => {
  it("lists newest first and filters by user, server, action, result and time", () => {
    expect(listAudit({}, db).map((e) => e.action)).toEqual(["failover", "maintenance.set", "kill"]);
    expect(listAudit({ user: "oncall" }, db).map((e) => e.action)).toEqual(["failover", "kill"]);
    expect(listAudit({ server: "db1" }, db).map((e) => e.action)).toEqual(["kill"]);
    expect(listAudit({ action: "maintenance.set" }, db)[0].result).toBe("denied");
    expect(listAudit({ result: "refused" }, db)[0].serverId).toBe("db3");
    expect(listAudit({ since: "2025-03-03T09:16:00Z", until: "2025-03-03T09:20:00Z" }, db).map((e) => e.actor)).toEqual(["boss"]);
    expect(listAudit({ limit: 1 }, db)).toHaveLength(1);
  });

  it("never stores a secret parameter", () => {
    const failover = listAudit({ action: "failover" }, db)[0];
    expect(failover.params).toEqual({ candidate: "db3", password: "[redacted]" });
    expect(JSON.stringify(listAudit({}, db))).not.toContain("hunter2");
  });

  it("offers the distinct users, servers and actions of known callers as filter choices, never a stranger's", () => {
    const stranger = openStore(path.join(dir, "stranger.db"));
    recordAudit({ actor: "oncall", role: "operator", via: "session", action: "kill", serverId: "db1", params: {}, result: "ok", durationMs: 1 }, stranger);
    recordAudit({ actor: "x".repeat(64), role: null, via: null, action: "sign-in", serverId: "y".repeat(64), params: {}, result: "denied", durationMs: 1 }, stranger);
    expect(auditFacets(stranger)).toEqual({ users: ["oncall"], servers: ["db1"], actions: ["kill"] });
    stranger.close();
    expect(auditFacets(db)).toEqual({ users: ["boss", "oncall"], servers: ["db1", "db3"], actions: ["failover", "kill", "maintenance.set"] });
  });

  it("exports CSV with quoting and defused formulas", () => {
    const csv = auditToCsv([
      ...listAudit({ action: "kill" }, db),
      { ...listAudit({ action: "kill" }, db)[0], id: 99, error: '=HYPERLINK("x")' },
    ]);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,role,via,action,server_id,params,result,error,duration_ms,ip");
    expect(lines[1]).toContain(',"{""pid"":42,""mode"":""query""}",ok,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe("audit rows are bounded whatever a caller sends", () => {
  it("keeps 50 keys of a huge object and cuts long names", async () => {
    const { paramsToJson } = await import("./redact");
    const huge = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const json = paramsToJson({ body: huge })!;
    expect(Object.keys((JSON.parse(json) as { body: Record<string, number> }).body)).toHaveLength(50);
  });
});
