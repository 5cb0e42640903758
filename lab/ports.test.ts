import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { busyPorts, freePort, portInUse } from "./ports";

describe("portInUse", () => {
  const open: { close(): void }[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.close()));

  it("sees a listener, the local end of an outgoing connection, and a free port as free", async () => {
    const server = net.createServer((peer) => open.push({ close: () => peer.destroy() }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    open.push(server);
    const listening = (server.address() as net.AddressInfo).port;
    const client = net.connect(listening, "127.0.0.1");
    await new Promise<void>((resolve) => client.once("connect", resolve));
    open.push({ close: () => client.destroy() });

    expect(await portInUse(listening)).toBe(true);
    // nothing listens on the client's port, yet a server there could not bind: the lab's db4 once failed so
    expect(await portInUse(client.localPort!)).toBe(true);
    const free = await freePort();
    expect(await portInUse(free)).toBe(false);
    expect(await busyPorts([free, client.localPort!, listening])).toEqual([client.localPort, listening]);
  });
});
