/** A local webhook receiver for the alert tests: records every POST, answers as told. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Receiver {
  url: (path: string) => string;
  received: Received[];
  /** the statuses to answer on a path, in order; 200 once they are used up */
  script: Map<string, number[]>;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      received.push({ path, body, at: Date.now() });
      const statuses = script.get(path);
      const status = statuses?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    script,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
