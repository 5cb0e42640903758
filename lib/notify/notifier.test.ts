import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { tempStores } from "@/lib/store/temp-store";
import { enqueueDeliveries, listDeliveries } from "./deliveries";
import { Notifier } from "./notifier";

const notice = {
  event: "test" as const, rule: "test", title: "Test", serverId: null, severity: "warning" as const,
  message: "once", startedAt: new Date().toISOString(), resolvedAt: null, runbookUrl: null,
};
const store = tempStores("notifier");

describe("two notifiers draining one store", () => {
  let server: http.Server | null = null;
  let hits = 0;
  afterEach(() => {
    server?.close();
    server = null;
  });

  async function slowReceiver(): Promise<string> {
    hits = 0;
    server = http.createServer((req, res) => {
      hits += 1;
      // a slow receiver: both drainers see the delivery due while the first attempt is in flight
      setTimeout(() => res.end("ok"), 150);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  }

  it("send a due delivery once: the first to claim it sends it", async () => {
    const db = await store();
    const webhooks = [{ url: await slowReceiver(), format: "json" as const }];
    const [a, b] = [new Notifier({ webhooks, db, leader: () => true }), new Notifier({ webhooks, db, leader: () => true })];
    await enqueueDeliveries(notice, webhooks, null, new Date(), db);

    await Promise.all([a.drain(), b.drain()]);

    expect(hits).toBe(1);
    expect(await listDeliveries({}, db)).toMatchObject([{ status: "delivered", attempts: 1 }]);
  });

  it("a notifier of a console that does not lead sends nothing; its test notice still goes out", async () => {
    const db = await store();
    const webhooks = [{ url: await slowReceiver(), format: "json" as const }];
    const follower = new Notifier({ webhooks, db, leader: () => false });
    await follower.enqueue(notice, null, new Date(), db);
    await follower.drain();
    expect(hits).toBe(0);
    expect(await listDeliveries({}, db)).toMatchObject([{ status: "pending", attempts: 0 }]);

    const [sent] = await follower.sendNow({ ...notice, message: "from the operator" });
    expect(sent).toMatchObject({ status: "delivered", attempts: 1 });
    expect(hits).toBe(1);
  });
});
