import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRole } from "@/lib/api";
import { ANONYMOUS_AUDIT_MAX_PER_WINDOW } from "@/lib/audit/anonymous-budget";
import { listAudit } from "@/lib/audit";
import { store } from "@/lib/store";
import { requestAs, useLabConfig } from "./auth-helpers";

/**
 * Anyone can send a state-changing request without credentials, so their refusals are audited per
 * client address up to a bound each minute (then one row saying so); refusals of signed-in
 * callers (403) are all audited, since they name someone.
 */
const action = `test.anonymous-flood-${randomUUID()}`;
const change = withRole("operator", { audit: { action } }, () => Response.json({ ok: true }));
const none = { params: Promise.resolve({}) };
const from = (ip: string) => ({ method: "POST", body: {}, headers: { "x-forwarded-for": ip } });

describe("anonymous refusals in the audit log", () => {
  const before = process.env.HOTSEAT_TRUST_PROXY;
  beforeAll(() => {
    useLabConfig();
    process.env.HOTSEAT_TRUST_PROXY = "1";
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.HOTSEAT_TRUST_PROXY;
    else process.env.HOTSEAT_TRUST_PROXY = before;
    await (await store()).deleteFrom("audit").where("action", "=", action).execute();
  });

  it("are bounded per address, while every 403 is audited", async () => {
    for (let i = 0; i < 30; i++) expect((await change(await requestAs({ kind: "anonymous" }, "/api/test", from("203.0.113.77")), none)).status).toBe(401);
    expect((await change(await requestAs({ kind: "anonymous" }, "/api/test", from("203.0.113.78")), none)).status).toBe(401);
    for (let i = 0; i < 15; i++) expect((await change(await requestAs({ kind: "token", role: "viewer" }, "/api/test", from("203.0.113.77")), none)).status).toBe(403);

    const rows = await listAudit({ action, limit: 1000 });
    const flood = rows.filter((e) => e.actor === "anonymous" && e.ip === "203.0.113.77");
    expect(flood).toHaveLength(ANONYMOUS_AUDIT_MAX_PER_WINDOW + 1);
    expect(flood[0].error).toMatch(/further ones are counted, not logged/);
    expect(flood.every((e) => e.result === "denied")).toBe(true);
    expect(rows.filter((e) => e.actor === "anonymous" && e.ip === "203.0.113.78")).toHaveLength(1);
    expect(rows.filter((e) => e.actor === "token:lab-viewer")).toHaveLength(15);
  });
});
