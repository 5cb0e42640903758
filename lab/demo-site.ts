import http from "node:http";
import { AppRouter } from "./app-router";
import type { LabPaths } from "./paths";
import { placeOrder, startWorkload, type Workload } from "./workload";

export interface DemoSite {
  server: http.Server;
  router: AppRouter;
  workload: Workload | null;
  close(): Promise<void>;
}

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
.meta{background:#f4f4f4;padding:.6rem;border-radius:6px}.warn{color:#a40}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

function hasBypassCookie(req: http.IncomingMessage): boolean {
  return (req.headers.cookie ?? "").split(";").some((c) => c.trim() === "hotseat_bypass=1");
}

/** Seconds a client should wait: until the announced end (30 s to 1 h), else five minutes. */
export function retryAfterSeconds(until: string | null, now = Date.now()): number {
  const end = until ? Date.parse(until) : NaN;
  if (Number.isFinite(end) && end > now) return Math.min(3600, Math.max(30, Math.ceil((end - now) / 1000)));
  return 300;
}

function send(res: http.ServerResponse, status: number, body: string, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(body);
}

async function home(router: AppRouter, url: URL): Promise<string> {
  const s = router.snapshot;
  const { route, fellBackToWriter } = router.reader();
  const products = await router.query<{ id: number; name: string; price_cents: number; stock: number }[]>(
    route,
    "SELECT id, name, price_cents, stock FROM products ORDER BY id LIMIT 8",
  );
  const orders = await router.query<{ id: number; customer: string; quantity: number; name: string; written_on: string }[]>(
    route,
    `SELECT o.id, o.customer, o.quantity, p.name, o.written_on FROM orders o
     JOIN products p ON p.id = o.product_id ORDER BY o.id DESC LIMIT 8`,
  );
  const placed = url.searchParams.get("order");
  return page(
    "Coffee Gear Shop",
    `<p class="meta">Read served by <b id="read-server">${esc(route.id)}</b>${
      fellBackToWriter ? ` <span class="warn">(no replica within the cutoff: reads fall back to the writer)</span>` : ""
    }. Writer: <b id="writer">${esc(s.writer.id)}</b> (${s.writerSource === "dashboard" ? "published by Hot Seat" : "fallback: db1, dashboard not reachable"}).</p>
${placed ? `<p>Order #${esc(placed)} placed.</p>` : ""}
<form method="post" action="/order"><button>Place a test order</button></form>
<h2>Products</h2><table><tr><th>#</th><th>Product</th><th>Price</th><th>Stock</th></tr>
${products.map((p) => `<tr><td>${p.id}</td><td>${esc(p.name)}</td><td>${(p.price_cents / 100).toFixed(2)}</td><td>${p.stock}</td></tr>`).join("")}</table>
<h2>Latest orders</h2><table><tr><th>#</th><th>Customer</th><th>Item</th><th>Qty</th><th>Written on</th></tr>
${orders.map((o) => `<tr><td>${o.id}</td><td>${esc(o.customer)}</td><td>${esc(o.name)}</td><td>${o.quantity}</td><td>${esc(o.written_on)}</td></tr>`).join("")}</table>`,
  );
}

async function handle(router: AppRouter, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const s = router.snapshot;
  if (url.pathname === "/hooks/alerts" && req.method === "POST") {
    // The lab's own alert webhook: Hot Seat's test notification has somewhere to land.
    res.writeHead(204, { "cache-control": "no-store" });
    res.end();
    return;
  }
  if (url.pathname === "/healthz") {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(
      JSON.stringify({
        ok: true,
        writer: s.writer.id,
        writerSource: s.writerSource,
        readEligible: s.readEligible,
        dashboardReachable: s.dashboardReachable,
        maintenance: s.maintenance.enabled,
      }),
    );
    return;
  }
  if (s.maintenance.enabled && !hasBypassCookie(req)) {
    const message = s.maintenance.message ?? "We are doing some maintenance and will be back shortly.";
    send(res, 503, page("Back soon", `<p id="maintenance-message">${esc(message)}</p>`), {
      "retry-after": String(retryAfterSeconds(s.maintenance.until)),
    });
    return;
  }
  try {
    if (url.pathname === "/") return send(res, 200, await home(router, url));
    if (url.pathname === "/order" && (req.method === "POST" || req.method === "GET")) {
      const { orderId, writer } = await placeOrder(router);
      if (req.method === "POST") {
        res.writeHead(303, { location: `/?order=${orderId}` });
        res.end();
        return;
      }
      return send(res, 200, page("Order placed", `<p>Order <b id="order-id">#${orderId}</b> written on <b id="writer">${esc(writer)}</b>.</p>`));
    }
    send(res, 404, page("Not found", "<p>No such page.</p>"));
  } catch (err) {
    send(res, 503, page("Database trouble", `<p>The shop cannot reach its database right now.</p><pre>${esc((err as Error).message)}</pre>`));
  }
}

/**
 * The demo shop: a plain Node HTTP server on the lab's site port that writes to the published
 * writer, reads from eligible replicas and honours maintenance mode. `workload` also runs
 * the traffic generator in this process.
 */
export async function runDemoSite(
  paths: LabPaths,
  opts: { workload?: boolean; dashboardUrl?: string; log?: (line: string) => void } = {},
): Promise<DemoSite> {
  const router = new AppRouter(paths, opts.dashboardUrl);
  await router.refresh();
  router.start();
  const server = http.createServer((req, res) => {
    // Drain any request body; the shop's forms carry nothing it needs.
    req.resume();
    void handle(router, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, page("Error", "<p>Something went wrong.</p>"));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(paths.sitePort, "127.0.0.1", () => resolve());
  });
  const workload = opts.workload ? startWorkload(router, { log: opts.log }) : null;
  return {
    server,
    router,
    workload,
    async close() {
      workload?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await router.close();
    },
  };
}
