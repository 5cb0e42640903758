import { randomBytes } from "node:crypto";
import type mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "@/lib/collector";
import { GET as writersGET } from "@/app/api/servers/[id]/writers/route";
import { requestAs } from "./auth-helpers";
import { waitFor } from "./lab";
import { VIEWER, appOn, startDigestCollector } from "./processlist-helpers";

/**
 * "Who is writing" from performance_schema: a batch job changes rows on db1 (performance_schema
 * ON in the lab), and the console names its statements with the rows they really wrote and who
 * ran them; db4 (performance_schema OFF) still answers from processlist sampling.
 */
const ROWS = 300;
const customer = `ps-batch-${randomBytes(4).toString("hex")}`;
// CONCAT makes the digest this test's own, whatever else the lab's workload writes.
const BATCH_UPDATE = "UPDATE shop.orders SET quantity = quantity + 1, customer = CONCAT(customer, '') WHERE customer = ?";

type WritersBody = {
  source: string;
  sourceDescription: string;
  by: string;
  top: { fingerprint: string; kind: string; rowsWritten: number | null; executions: number; accounts?: string[]; user: string; host: string }[];
};

async function writers(serverId: string, query = ""): Promise<{ status: number; body: WritersBody }> {
  const url = `/api/servers/${serverId}/writers${query}`;
  const res = await writersGET(await requestAs(VIEWER, url), { params: Promise.resolve({ id: serverId }) });
  return { status: res.status, body: (await res.json()) as WritersBody };
}

describe("who is writing, from performance_schema digests", () => {
  let collector: Collector;
  let app: mysql.Connection | null = null;

  beforeAll(async () => {
    collector = await startDigestCollector();
    app = await appOn("db1");
  });

  afterAll(async () => {
    await app?.query("DELETE FROM shop.orders WHERE customer = ?", [customer]).catch(() => undefined);
    await app?.end().catch(() => undefined);
    collector?.stop();
    delete (globalThis as { __hotseatCollector?: unknown }).__hotseatCollector;
  });

  it("names the batch job's statements with the rows they wrote and who ran them", async () => {
    const values = Array.from({ length: ROWS }, (_, i) => [1 + (i % 8), 1, customer, "db1"]);
    await app!.query("INSERT INTO shop.orders (product_id, quantity, customer, written_on) VALUES ?", [values]);
    const [result] = await app!.query(BATCH_UPDATE, [customer]);
    expect((result as mysql.ResultSetHeader).affectedRows).toBe(ROWS);

    const isBatchUpdate = (f: string) => /^UPDATE `shop` \. `orders` SET .*CONCAT/i.test(f);
    const found = await waitFor(
      async () => {
        const { body } = await writers("db1", "?limit=50");
        return body.top.some((w) => isBatchUpdate(w.fingerprint) && (w.rowsWritten ?? 0) >= ROWS) ? body : null;
      },
      20_000,
      "the batch UPDATE among db1's top writers",
    );
    expect(found.source).toBe("performance_schema");
    expect(found.sourceDescription).toMatch(/performance_schema/);
    expect(found.by).toBe("rows");
    const update = found.top.find((w) => isBatchUpdate(w.fingerprint))!;
    expect(update).toMatchObject({ kind: "update", executions: 1 });
    expect(update.rowsWritten).toBeGreaterThanOrEqual(ROWS);
    // Its session is still connected: performance_schema's threads say who it was.
    expect(update.accounts).toContain("app@127.0.0.1");
    expect(`${update.user}@${update.host}`).toBe("app@127.0.0.1");
    const insert = found.top.find((w) => w.kind === "insert" && /`shop` \. `orders`/.test(w.fingerprint) && (w.rowsWritten ?? 0) >= ROWS);
    expect(insert).toBeDefined();
    // The console's own heartbeat writes are not a batch job.
    expect(found.top.some((w) => /heartbeat/i.test(w.fingerprint))).toBe(false);

    // By time, the same source, times measured by the server.
    const byTime = await writers("db1", "?by=time&limit=50");
    expect(byTime.body.by).toBe("time");
    expect(byTime.body.top.find((w) => isBatchUpdate(w.fingerprint))).toBeDefined();
  });

  it("db4, without performance_schema, still answers from processlist sampling", async () => {
    await waitFor(() => collector.snapshot().servers.find((s) => s.id === "db4")?.variables, 10_000, "db4 polled");
    expect(collector.snapshot().servers.find((s) => s.id === "db4")?.variables?.performanceSchema).toBe(false);
    const { status, body } = await writers("db4");
    expect(status).toBe(200);
    expect(body.source).toBe("processlist_sampling");
    expect(body.by).toBe("time");
    for (const w of body.top) expect(w.rowsWritten).toBeNull();
  });
});
