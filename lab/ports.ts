import net from "node:net";

/**
 * Whether a server could not listen on this loopback port now. A bind probe, not a connect: the
 * local end of an outgoing connection holds a port too, and only a bind sees it.
 */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

/** A loopback port nobody listens on now (for helpers a test or benchmark starts beside the lab). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Those of `ports` that are in use now, in the given order. */
export async function busyPorts(ports: number[]): Promise<number[]> {
  const inUse = await Promise.all(ports.map(portInUse));
  return ports.filter((_, i) => inUse[i]);
}
