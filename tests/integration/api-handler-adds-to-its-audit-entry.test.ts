import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { listAudit } from "@/lib/audit";
import { store } from "@/lib/store";
import { requestAs, useLabConfig } from "./auth-helpers";

/**
 * One audit path for every action: withRole writes the entry; the handler only adds what it found
 * (ctx.audit), a rule that refused it (ApiError details), or that a 2xx answer was a failure.
 */
const action = `test.audit-note-${randomUUID()}`;
const none = { params: Promise.resolve({}) };
const act = withRole("operator", { body: z.object({ outcome: z.enum(["ok", "refused", "failed"]) }), audit: { action, serverId: () => "db1" } }, ({ body, audit, auditFailure }) => {
  audit.checked = `thread seen for ${body.outcome}`;
  if (body.outcome === "refused") throw new ApiError("conflict", "refused by a safety rule", { rule: "test_rule" });
  if (body.outcome === "failed") auditFailure("the command exited with 3");
  return Response.json({ done: body.outcome });
});

describe("a handler adds to its own audit entry", () => {
  beforeAll(() => useLabConfig());
  afterAll(async () => {
    await (await store()).deleteFrom("audit").where("action", "=", action).execute();
  });

  it("what it found, the refusing rule, and a failure behind a 2xx land in the one entry of each call", async () => {
    for (const outcome of ["ok", "refused", "failed"]) {
      await act(await requestAs({ kind: "token", role: "operator" }, "/api/test", { method: "POST", body: { outcome } }), none);
    }
    const [failed, refused, ok] = await listAudit({ action });
    expect(ok).toMatchObject({ result: "ok", error: null, serverId: "db1", params: { body: { outcome: "ok" }, checked: "thread seen for ok" } });
    expect(refused).toMatchObject({ result: "refused", error: "refused by a safety rule", params: { checked: "thread seen for refused", rule: "test_rule" } });
    expect(failed).toMatchObject({ result: "error", error: "the command exited with 3", params: { checked: "thread seen for failed" } });
    expect(await listAudit({ action })).toHaveLength(3);
  });
});
