import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type StoreDb } from "@/lib/store";
import { enqueueDeliveries, listDeliveries } from "./deliveries";
import { Notifier } from "./notifier";

const notice = {
  event: "test" as const, rule: "test", title: "Test", serverId: null, severity: "warning" as const,
  message: "once", startedAt: new Date().toISOString(), resolvedAt: null, runbookUrl: null,
};

describe("two notifiers draining one store", () => {
  let server: http.Server | null = null;
  let db: StoreDb | null = null;
  afterEach(() => {
    server?.close();
    db?.close();
  });

  it("send a due delivery once: the first to claim it sends it", async () => {
    let hits = 0;
    server = http.createServer((req, res) => {
      hits += 1;
      // a slow receiver: both drainers see the delivery due while the first attempt is in flight
      setTimeout(() => res.end("ok"), 150);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    db = openStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-notifier-")), "store.db"));
    const webhooks = [{ url, format: "json" as const }];
    const [a, b] = [new Notifier({ webhooks, db }), new Notifier({ webhooks, db })];
    enqueueDeliveries(notice, webhooks, null, new Date(), db);

    await Promise.all([a.drain(), b.drain()]);

    expect(hits).toBe(1);
    expect(listDeliveries({}, db)).toMatchObject([{ status: "delivered", attempts: 1 }]);
  });
});
