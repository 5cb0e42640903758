import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { POST } from "@/app/api/failover/route";
import { ORIGIN, TOKENS, useLabConfig } from "./auth-helpers";
import { labSecrets } from "./lab";

/** A failover request whose body is not JSON is refused with 400 and still lands in the audit log. */
describe("POST /api/failover with a body that is not JSON", () => {
  beforeAll(() => useLabConfig());

  it("answers 400 and is audited as an error of the operator who sent it", async () => {
    const before = (await listAudit({ action: "failover", limit: 1 }))[0]?.id ?? 0;
    const req = new NextRequest(new URL("/api/failover", ORIGIN), {
      method: "POST",
      headers: { host: new URL(ORIGIN).host, authorization: `Bearer ${labSecrets().tokens[TOKENS.operator]}`, "content-type": "application/json" },
      body: "{candidate: db2",
    });
    const res = await POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");

    const [entry] = await listAudit({ action: "failover", limit: 1 });
    expect(entry.id).toBeGreaterThan(before);
    expect(entry).toMatchObject({ actor: "token:lab-operator", role: "operator", result: "error" });
    expect(entry.error).toMatch(/^body/);
  });
});
