import type { NextRequest } from "next/server";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { processSingleton } from "@/lib/process-singleton";

type Params = Record<string, string | string[] | undefined>;

/** The console process's own metrics that live as long as it does: its HTTP requests and its request thread's stalls. */
interface ProcessMetrics {
  registry: Registry;
  requests: Counter<"route" | "method" | "status">;
  durations: Histogram<"route" | "method">;
  eventLoopStall: Gauge;
}

/**
 * How long the request thread's event loop was held at worst since the previous scrape: what one
 * slow piece of work (a statement, a page) cost every other request (docs/architecture.md, "The request thread").
 */
function eventLoopStallGauge(registry: Registry): Gauge {
  // The sampler's timer fires every RESOLUTION_MS; what it measures beyond that, the loop was held.
  const RESOLUTION_MS = 10;
  const delays = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delays.enable();
  return new Gauge({
    name: "hotseat_event_loop_stall_max_seconds",
    help: "The longest the console's request thread waited for its event loop since the previous scrape.",
    registers: [registry],
    collect() {
      this.set(Math.max(0, delays.max / 1e6 - RESOLUTION_MS) / 1000);
      delays.reset();
    },
  });
}

/**
 * The process-wide registry. prom-client's default process/nodejs metrics stay out: three of their
 * names fail `promtool check metrics` (gauges ending in _total).
 */
export function processMetrics(): ProcessMetrics {
  // One per process: every separately bundled route handler counts into the same metrics.
  return processSingleton("__hotseatProcessMetrics", () => {
    const registry = new Registry();
    return {
      registry,
      requests: new Counter({
        name: "hotseat_http_requests_total",
        help: "HTTP requests the console's API answered, by route pattern, method and status code.",
        labelNames: ["route", "method", "status"],
        registers: [registry],
      }),
      durations: new Histogram({
        name: "hotseat_http_request_duration_seconds",
        help: "Time the console's API took to answer, by route pattern and method.",
        labelNames: ["route", "method"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
      eventLoopStall: eventLoopStallGauge(registry),
    };
  });
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route pattern a request matched ("/api/servers/[id]/history"), rebuilt from its path and the
 * params Next parsed, so a label never holds what a caller typed. Params come in segment order; each
 * takes the first run of segments after the previous one that spells its value. A segment left as
 * typed is therefore always a static segment of the route (a value equal to one may take its place),
 * which keeps the label set bounded by the routes on disk. A param that cannot be placed: "(unmatched)".
 */
export function routePattern(pathname: string, params: Params = {}): string {
  const segments = pathname.split("/");
  let from = 1;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const parts = Array.isArray(value) ? value : [value];
    if (parts.length === 0) continue;
    let at = -1;
    for (let i = from; i + parts.length <= segments.length && at < 0; i++) {
      if (parts.every((p, k) => decoded(segments[i + k]) === p)) at = i;
    }
    if (at < 0) return "(unmatched)";
    segments.splice(at, parts.length, Array.isArray(value) ? `[...${name}]` : `[${name}]`);
    from = at + 1;
  }
  return segments.join("/");
}

/** Count one answered request. */
export function observeHttp(route: string, method: string, status: number, seconds: number): void {
  const m = processMetrics();
  m.requests.inc({ route, method, status: String(status) });
  m.durations.observe({ route, method }, seconds);
}

type Handler<C> = (req: NextRequest, context: C) => Promise<Response>;

/** Wraps a route handler so that every answer is counted by route pattern, method and status. */
export function withHttpMetrics<C extends { params?: Promise<unknown> }>(handler: Handler<C>): Handler<C> {
  return async (req, context) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(req, context);
      status = response.status;
      return response;
    } finally {
      const params = ((await context?.params?.catch(() => undefined)) ?? {}) as Params;
      observeHttp(routePattern(req.nextUrl.pathname, params), req.method.toUpperCase(), status, (performance.now() - started) / 1000);
    }
  };
}
