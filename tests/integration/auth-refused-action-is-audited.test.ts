import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { listAudit } from "@/lib/audit";
import { sql } from "kysely";
import { store } from "@/lib/store";
import { GET as auditGET } from "@/app/api/audit/route";
import { requestAs, sessionCookie, useLabConfig } from "./auth-helpers";

/**
 * Until the real actions exist, a stand-in operator action that really changes the console's store:
 * it proves the wrapper refuses before the action runs, so a refused call changes nothing, and that
 * every refusal lands in the audit log the Audit page and GET /api/audit read.
 */
const marker = `refused-action-${randomUUID()}`;
const action = `test.${marker}`;
const noParams = { params: Promise.resolve({}) };

const changeSomething = withRole(
  "operator",
  {
    params: z.object({ id: z.string().regex(/^db\d$/) }),
    body: z.object({ note: z.string().min(1), password: z.string().optional() }),
    audit: { action },
  },
  async ({ body, params }) => {
    if (body.note === "unsafe") throw new ApiError("conflict", "refused by a safety rule");
    await sql`INSERT INTO test_changes (marker, note, server) VALUES (${marker}, ${body.note}, ${params.id})`.execute(await store());
    return Response.json({ ok: true });
  },
);
const url = "/api/test/db1/change";
const asParams = { params: Promise.resolve({ id: "db1" }) };
const changes = async () => {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM test_changes WHERE marker = ${marker}`.execute(await store());
  return Number(rows[0].n);
};
const entries = () => listAudit({ action });

describe("a refused action changes nothing and is audited", () => {
  beforeAll(async () => {
    useLabConfig();
    await sql`CREATE TABLE IF NOT EXISTS test_changes (marker TEXT, note TEXT, server TEXT)`.execute(await store());
  });
  afterAll(async () => {
    // the stand-in action and its entries are test scaffolding, not history worth keeping in the lab
    const db = await store();
    await sql`DELETE FROM test_changes WHERE marker = ${marker}`.execute(db);
    await db.deleteFrom("audit").where("action", "like", `${action}%`).execute();
  });

  it("a viewer's POST to an operator action: 403, nothing changed, audited as denied with who and where", async () => {
    for (const kind of ["token", "session"] as const) {
      const res = await changeSomething(await requestAs({ kind, role: "viewer" }, url, { method: "POST", body: { note: "by viewer" } }), asParams);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: "forbidden", message: "This needs the operator role; you are viewer" } });
    }
    const anonymous = await changeSomething(await requestAs({ kind: "anonymous" }, url, { method: "POST", body: { note: "x" } }), asParams);
    expect(anonymous.status).toBe(401);

    expect(await changes()).toBe(0);
    const denied = (await entries()).filter((e) => e.result === "denied");
    expect(denied.map((e) => [e.actor, e.role, e.via])).toEqual([
      ["anonymous", null, null],
      ["boss", "viewer", "session"],
      ["token:lab-viewer", "viewer", "token"],
    ]);
    expect(denied[1].error).toMatch(/operator role/);
    expect(denied[1].serverId).toBe("db1");
  });

  it("an operator's action runs once and is audited ok, with params (secrets redacted), server and duration", async () => {
    const res = await changeSomething(
      await requestAs({ kind: "session", role: "operator" }, url, { method: "POST", body: { note: "by oncall", password: "hunter2" } }),
      asParams,
    );
    expect(res.status).toBe(200);
    expect(await changes()).toBe(1);
    const ok = (await entries()).find((e) => e.result === "ok")!;
    expect(ok).toMatchObject({ actor: "oncall", role: "operator", serverId: "db1", error: null });
    expect(ok.params).toEqual({ id: "db1", body: { note: "by oncall", password: "[redacted]" } });
    expect(ok.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a safety rule's 409 is audited as refused; bad input is a 400 naming the field; a cross-site POST is denied", async () => {
    const refused = await changeSomething(await requestAs({ kind: "token", role: "admin" }, url, { method: "POST", body: { note: "unsafe" } }), asParams);
    expect(refused.status).toBe(409);
    const bad = await changeSomething(await requestAs({ kind: "token", role: "admin" }, url, { method: "POST", body: { note: "" } }), asParams);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^body\.note:/);
    const badParam = await changeSomething(await requestAs({ kind: "token", role: "admin" }, "/api/test/x/change", { method: "POST", body: { note: "x" } }), {
      params: Promise.resolve({ id: "../etc" }),
    });
    expect(badParam.status).toBe(400);
    expect((await badParam.json()).error.message).toMatch(/^params\.id:/);
    const crossSite = await changeSomething(
      await requestAs({ kind: "session", role: "admin" }, url, { method: "POST", body: { note: "csrf" }, origin: "http://evil.example" }),
      asParams,
    );
    expect(crossSite.status).toBe(403);
    expect(await changes()).toBe(1);
    expect((await entries()).map((e) => e.result).slice(0, 4)).toEqual(["denied", "error", "error", "refused"]);
  });

  it("a 500 never leaks the error's text, and is audited as error", async () => {
    const boom = withRole("operator", { audit: `${action}.boom` }, () => {
      throw new Error("connect ECONNREFUSED hotseat:s3cr3t-password@10.0.0.1:3306");
    });
    const res = await boom(await requestAs({ kind: "token", role: "operator" }, "/api/boom", { method: "POST" }), noParams);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Internal error" } });
    expect(text).not.toMatch(/s3cr3t|ECONNREFUSED|at /);
    const [entry] = await listAudit({ action: `${action}.boom` });
    expect(entry.result).toBe("error");
    expect(entry.error).not.toMatch(/s3cr3t/);
  });

  it("a session of a user removed from the config, or with a forged secret, is not signed in", async () => {
    const ghost = await sessionCookie("mallory", "admin");
    const res = await changeSomething(await requestAs({ kind: "anonymous" }, url, { method: "POST", body: { note: "x" }, headers: { cookie: ghost, origin: "http://127.0.0.1:3000" } }), asParams);
    expect(res.status).toBe(401);
    const forged = (await sessionCookie("cto", "admin")).replace(/.{8}$/, "AAAAAAAA");
    const res2 = await changeSomething(await requestAs({ kind: "anonymous" }, url, { method: "POST", body: { note: "x" }, headers: { cookie: forged } }), asParams);
    expect(res2.status).toBe(401);
    expect(await changes()).toBe(1);
  });

  it("GET /api/audit shows the entries to an operator, filtered, and exports CSV and JSON", async () => {
    const res = await auditGET(await requestAs({ kind: "token", role: "operator" }, `/api/audit?action=${action}&result=denied`), noParams);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: { actor: string; at: string }[] };
    expect(body.entries.length).toBeGreaterThanOrEqual(4);
    expect(body.entries.map((e) => e.at)).toEqual([...body.entries.map((e) => e.at)].sort().reverse());

    const csv = await auditGET(await requestAs({ kind: "session", role: "admin" }, `/api/audit?action=${action}&format=csv&user=boss`), noParams);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="hotseat-audit-.*\.csv"/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,at,actor,role,/);
    expect(lines.slice(1).every((l) => l.includes(",boss,viewer,"))).toBe(true);

    const json = await auditGET(await requestAs({ kind: "token", role: "admin" }, `/api/audit?format=json&action=${action}`), noParams);
    expect(json.headers.get("content-disposition")).toMatch(/\.json"/);
    const bad = await auditGET(await requestAs({ kind: "token", role: "admin" }, `/api/audit?since=yesterday`), noParams);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^query\.since:/);
  });
});
