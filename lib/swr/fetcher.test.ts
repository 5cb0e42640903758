import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError, failureMessage, fetchJson, sendJson } from "./fetcher";

// A real HTTP server answering the way the API (and a broken proxy in front of it) can.
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    if (req.url === "/echo") {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => send(201, JSON.stringify({ method: req.method, type: req.headers["content-type"] ?? null, body: raw ? JSON.parse(raw) : null })));
      return;
    }
    if (req.url === "/gone") {
      res.writeHead(204);
      return res.end();
    }
    if (req.url === "/conflict") return send(409, JSON.stringify({ error: { code: "conflict", message: "Overlaps window #3", rule: "windows_overlap", windowId: 3 } }));
    if (req.url === "/ok") return send(200, JSON.stringify({ generatedAt: "2026-01-01T00:00:00Z" }));
    if (req.url === "/missing") return send(404, JSON.stringify({ error: { code: "not_found", message: 'Unknown server "db9"' } }));
    if (req.url === "/signed-out") return send(401, JSON.stringify({ error: { code: "unauthorized", message: "Sign in" } }));
    return send(502, "<html>Bad Gateway</html>", "text/html");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchJson", () => {
  it("returns the JSON body of a 2xx answer", async () => {
    await expect(fetchJson(`${base}/ok`)).resolves.toEqual({ generatedAt: "2026-01-01T00:00:00Z" });
  });

  it("throws the API's own error code and message on a non-2xx answer", async () => {
    const err = await fetchJson(`${base}/missing`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).toMatchObject({ status: 404, code: "not_found", message: 'Unknown server "db9"' });
  });

  it("throws on 401 (outside a browser there is no page to send to /login)", async () => {
    await expect(fetchJson(`${base}/signed-out`)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("falls back to the HTTP status when the body is not the API's JSON", async () => {
    await expect(fetchJson(`${base}/proxy-error`)).rejects.toMatchObject({ status: 502, code: "http_502" });
  });

  it("reports a server that cannot be reached as status 0", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetchJson(`http://127.0.0.1:${port}/x`)).rejects.toMatchObject({ status: 0, code: "network" });
  });
});

describe("sendJson", () => {
  it("sends the body as JSON with the method and returns the answer's JSON", async () => {
    await expect(sendJson("PUT", `${base}/echo`, { enabled: true })).resolves.toEqual({ method: "PUT", type: "application/json", body: { enabled: true } });
    await expect(sendJson("DELETE", `${base}/echo`)).resolves.toEqual({ method: "DELETE", type: null, body: null });
  });

  it("returns null for an empty answer", async () => {
    await expect(sendJson("DELETE", `${base}/gone`)).resolves.toBeNull();
  });

  it("throws the API's message, as fetchJson does", async () => {
    const err = await sendJson("POST", `${base}/conflict`, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: "conflict", message: "Overlaps window #3", details: { rule: "windows_overlap", windowId: 3 } });
    expect(failureMessage(err)).toBe("Overlaps window #3");
  });

  it("says the console did not answer when nothing answered", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await sendJson("POST", `http://127.0.0.1:${port}/x`, {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: "network" });
    expect(failureMessage(err)).toBe("The console did not answer; try again");
  });
});
