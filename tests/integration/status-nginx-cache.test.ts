import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { GET as statusPage } from "@/app/status/route";
import { getCollector } from "@/lib/collector";
import { resetStatusCache } from "@/lib/status";
import { discoverRoutes, handlerOf, paramsFor, type Route } from "./api-routes";
import { requestAs, useLabConfig } from "./auth-helpers";
import { waitFor } from "./lab";
import { docsFile, readme, startNginx, type Nginx } from "./nginx";

/**
 * The README's console block for nginx (upstream, cache zone, server) with the status micro-cache
 * snippet (docs/nginx-status-cache.conf, included as is) in a real nginx, in front of the console's
 * real handlers served over HTTP by this process, which counts every request that reaches them. A
 * crowd on the public status answers reaches the console once per refresh (their max-age); nothing
 * signed-in is cached, the visitor's cookie and token are not passed on, and an answer that sets a
 * cookie is never stored.
 */

const PUBLIC = ["/status", "/api/status/summary.json", "/api/status/status.json", "/api/status/badge.svg", "/api/status/favicon.svg"];
const CROWD = 100;
/** A request with this query gets a Set-Cookie on its answer (as a session refresh would send). */
const SET_COOKIE_QUERY = "test-set-cookie";
/**
 * What `next start` adds around every route handler's answer (checked against it), which a cache
 * that honoured it would split a crowd on: this Vary header, and a 307 to `?_rsc` for a request with
 * an RSC header but no `_rsc` query.
 */
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";

interface Hit {
  path: string;
  cookie: string | null;
  authorization: string | null;
  rsc: string | null;
}

let hits: Hit[] = [];
let routes: Route[] = [];
let consoleServer: http.Server;
let nginx: Nginx;

const hitsOn = (path: string) => hits.filter((h) => h.path === path).length;

/** Pattern match as Next routes: static segments, [x] one segment. */
function routeFor(pathname: string, method: string): Route | undefined {
  const got = pathname.split("/");
  return routes.find((r) => {
    const want = r.pattern.split("/");
    return r.method === method && want.length === got.length && want.every((w, i) => /^\[\w+\]$/.test(w) || w === got[i]);
  });
}

/** The console over HTTP: Next's proxy (headers, redirects), then the page or API route handler. */
async function serveConsole(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url!, `http://${req.headers.host}`);
  hits.push({ path: url.pathname, cookie: req.headers.cookie ?? null, authorization: req.headers.authorization ?? null, rsc: (req.headers.rsc as string | undefined) ?? null });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const nextReq = new NextRequest(url, { method: req.method, headers });
  const gate = await proxy(nextReq);
  let answer: Response;
  if (req.headers.rsc && !url.searchParams.has("_rsc")) answer = new Response(null, { status: 307, headers: { location: `${url.pathname}?_rsc` } });
  else if (gate.headers.has("location")) answer = gate;
  else if (url.pathname === "/status") answer = await statusPage();
  else {
    const route = routeFor(url.pathname, req.method ?? "GET");
    answer = route
      ? await (await handlerOf(route))(nextReq, { params: Promise.resolve(paramsFor(route.pattern, url.pathname)) })
      : new Response("not found", { status: 404 });
  }
  res.statusCode = answer.status;
  gate.headers.forEach((value, name) => {
    if (!name.startsWith("x-middleware-")) res.setHeader(name, value);
  });
  answer.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("vary", NEXT_VARY);
  if (url.searchParams.has(SET_COOKIE_QUERY)) res.setHeader("set-cookie", "hotseat-test=someone; Path=/; HttpOnly");
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/** The README's nginx block that holds the console's upstream, with this test's ports and paths. */
function documentedConsoleBlock(consolePort: number, port: number, dir: string): string {
  const block = [...readme().matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("upstream hotseat"));
  expect(block, "the README has an nginx block with `upstream hotseat`").toBeTruthy();
  const swaps: [string, string][] = [
    ["server 127.0.0.1:3000;", `server 127.0.0.1:${consolePort};`],
    ["/var/cache/nginx/hotseat ", `${dir}/cache `],
    ["listen 443 ssl;", `listen 127.0.0.1:${port};`],
    ["include /etc/nginx/snippets/hotseat-status-cache.conf;", `include ${docsFile("nginx-status-cache.conf")};`],
  ];
  return swaps.reduce((text, [from, to]) => {
    expect(text.split(from).length - 1, `the README's block has "${from}" once`).toBe(1);
    return text.replace(from, to);
  }, block!);
}

async function crowd(paths: string[], init: (i: number) => RequestInit = () => ({}), query: (i: number) => string = () => "") {
  const answers = await Promise.all(
    paths.flatMap((path) =>
      Array.from({ length: CROWD }, async (_, i) => {
        const res = await fetch(`${nginx.base}${path}${query(i)}`, init(i));
        return { path, status: res.status, body: await res.text(), setCookie: res.headers.get("set-cookie") };
      }),
    ),
  );
  for (const a of answers) expect(a.status, `${a.path}: ${a.body.slice(0, 200)}`).toBe(200);
  return answers;
}

describe("nginx micro-caches the public status answers", () => {
  beforeAll(async () => {
    useLabConfig();
    resetStatusCache();
    routes = await discoverRoutes();
    const collector = getCollector();
    await waitFor(() => collector.topology().writer && collector.topology().servers.every((s) => s.reachable), 20_000, "the lab to be polled");

    consoleServer = http.createServer((req, res) =>
      serveConsole(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      }),
    );
    await new Promise<void>((resolve) => consoleServer.listen(0, "127.0.0.1", resolve));
    const consolePort = (consoleServer.address() as AddressInfo).port;
    nginx = await startNginx(({ dir, port }) => documentedConsoleBlock(consolePort, port, dir), "/api/health");
    hits = [];
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise((resolve) => consoleServer?.close(resolve));
    resetStatusCache();
    getCollector().stop();
  });

  it("the README quotes the snippet exactly as tested here", () => {
    expect(readme()).toContain(fs.readFileSync(docsFile("nginx-status-cache.conf"), "utf8").trimEnd());
  });

  it("an answer that sets a cookie is passed to its caller only, never stored", async () => {
    const path = "/api/status/favicon.svg";
    const first = await fetch(`${nginx.base}${path}?${SET_COOKIE_QUERY}`);
    expect(first.status).toBe(200);
    expect(first.headers.get("set-cookie")).toContain("hotseat-test=someone");
    await first.text();
    const next = await fetch(`${nginx.base}${path}`);
    expect(next.headers.get("set-cookie"), "someone's cookie served to another").toBeNull();
    expect(hitsOn(path), "the answer with a cookie was stored").toBe(2);
  });

  it("a crowd reaches the console once per public answer, whatever its query, cookies, token or other headers", async () => {
    const paths = PUBLIC.filter((p) => p !== "/api/status/favicon.svg");
    const before = Object.fromEntries(paths.map((p) => [p, hitsOn(p)]));
    const credentials: Record<string, string>[] = [{ cookie: "next-auth.session-token=someone" }, { authorization: "Bearer hs_someone" }, {}];
    // Once per max-age (5 s): on a slow machine the crowds below may outlast one, and then the
    // cache rightly refreshes once more.
    const started = Date.now();
    const refreshes = () => 1 + Math.floor((Date.now() - started) / 5_000);
    const answers = await crowd(paths, (i) => ({ headers: credentials[i % 3] }));
    for (const p of paths) expect(hitsOn(p) - before[p], `${p}: requests that reached the console`).toBeLessThanOrEqual(refreshes());
    // everyone got the console's one answer
    for (const p of paths) expect(new Set(answers.filter((a) => a.path === p).map((a) => a.body)).size, p).toBe(1);
    expect(answers.find((a) => a.path === "/status")!.body).toMatch(/<!doctype html>/i);

    // neither a query string nor the headers the console's answers vary on are a way past the cache
    await crowd(paths, () => ({}), (i) => `?bust=${i}`);
    const varied = await crowd(paths, (i) => ({ headers: { rsc: "1", "next-router-state-tree": `t${i}`, "accept-encoding": ["gzip", "br", "identity", `x-${i}`][i % 4] } }));
    for (const p of paths) expect(hitsOn(p) - before[p], `${p} with ?bust= or varied headers`).toBeLessThanOrEqual(refreshes());
    // the console never saw the visitors' credentials on these paths
    expect(hits.filter((h) => PUBLIC.includes(h.path) && (h.cookie || h.authorization || h.rsc))).toEqual([]);
  });

  it("after the console's max-age one request refreshes it while the crowd gets the previous answer", async () => {
    const path = "/api/status/summary.json";
    await crowd([path]);
    // the console's Cache-Control: public, max-age=5 (its refresh period)
    await new Promise((r) => setTimeout(r, 6_000));
    const before = hitsOn(path);
    await crowd([path]);
    await waitFor(() => hitsOn(path) === before + 1, 5_000, "the one refresh to reach the console");
    await crowd([path]);
    expect(hitsOn(path) - before, "requests that reached the console after the max-age").toBe(1);
  });

  it("signed-in answers are never cached: each reaches the console, and a stranger gets 401", async () => {
    const path = "/api/status/components";
    const viewer = (await requestAs({ kind: "token", role: "viewer" }, path)).headers.get("authorization")!;
    const before = hitsOn(path);
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const res = await fetch(`${nginx.base}${path}`, { headers: { authorization: viewer } });
        return { status: res.status, body: await res.text() };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(JSON.parse(answers[0].body)).toHaveProperty("overrides");
    expect(hitsOn(path) - before).toBe(10);
    const stranger = await fetch(`${nginx.base}${path}`);
    expect(stranger.status).toBe(401);
    expect((await stranger.json()).error.code).toBe("unauthorized");
    expect(hitsOn(path) - before).toBe(11);
  });
});
