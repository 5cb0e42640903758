/** The API's route handlers as they are on disk, for tests that call every route. */
import fs from "node:fs";
import path from "node:path";

export const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];
export type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface Route {
  /** "POST /api/servers/[id]/processes/[pid]/kill" */
  key: string;
  /** "/api/servers/[id]/processes/[pid]/kill" */
  pattern: string;
  file: string;
  method: Method;
}

export const apiDir = path.resolve(import.meta.dirname, "../../app/api");

export function routeFiles(dir = apiDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

export function patternOf(file: string): string {
  return `/api/${path.relative(apiDir, path.dirname(file)).split(path.sep).join("/")}`;
}

/** next-auth's own endpoints (sign-in, callbacks, session) are next-auth's, not withRole's. */
export const isNextAuth = (pattern: string) => pattern.startsWith("/api/auth/");

/** The methods a route file exports, as routes. */
export async function routesOf(file: string): Promise<Route[]> {
  const pattern = patternOf(file);
  const mod = (await import(file)) as Record<string, unknown>;
  return METHODS.filter((m) => typeof mod[m] === "function").map((method) => ({ key: `${method} ${pattern}`, pattern, file, method }));
}

/** Every route withRole answers, found on disk so that a new route is picked up without a test edit. */
export async function discoverRoutes(): Promise<Route[]> {
  const files = routeFiles().filter((f) => !isNextAuth(patternOf(f)));
  return (await Promise.all(files.map(routesOf))).flat();
}

export async function handlerOf(route: Route): Promise<Handler> {
  return ((await import(route.file)) as Record<string, Handler>)[route.method];
}

/** Route params from a pattern and a concrete path: [id] binds one segment, [...x] the rest. */
export function paramsFor(pattern: string, url: string): Record<string, string | string[]> {
  const want = pattern.split("/");
  const got = new URL(url, "http://x").pathname.split("/");
  const params: Record<string, string | string[]> = {};
  want.forEach((segment, i) => {
    const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
    if (rest) params[rest[1]] = got.slice(i);
    const one = /^\[(\w+)\]$/.exec(segment);
    if (one) params[one[1]] = got[i];
  });
  return params;
}
