import fc from "fast-check";
import type { Connection } from "mysql2/promise";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LabServerId } from "@/lab";
import { ERROR_STATUS } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { getMaintenance } from "@/lib/maintenance";
import { COMPONENT_KEYS } from "@/lib/status/types";
import { sql } from "kysely";
import { store } from "@/lib/store";
import { handlerOf, isNextAuth, patternOf, routeFiles, routesOf, type Route } from "./api-routes";
import { ORIGIN, requestAs, type Credential } from "./auth-helpers";
import { labConfig, waitFor } from "./lab";
import { appOn, rootOn, startConsole, stopConsole, threadsOn } from "./processlist-helpers";

/**
 * Every API route, found on disk, gets malformed input from every kind of caller: bodies that are
 * not JSON, huge, of the wrong types, with prototype-pollution keys or nested thousands deep; path
 * ids in unicode, huge, negative, with '../' or NUL; junk queries. Each answer must be a 4xx with
 * the API's error envelope (reads may also answer 2xx when the junk is only ignored query noise),
 * never a 5xx, and nothing may change: the store (beyond the refusal rows the audit contract
 * writes), maintenance, the lab servers' read_only and a sentinel statement on every server that a
 * kill would end. Seeded and bounded: a failure prints its seed; HOTSEAT_FUZZ_SEED=<seed> replays it,
 * HOTSEAT_FUZZ_RUNS=<n> goes deeper.
 */

const SEED = Number(process.env.HOTSEAT_FUZZ_SEED ?? 20251101);
const RUNS = Number(process.env.HOTSEAT_FUZZ_RUNS ?? 40);
const SENTINEL = "SELECT /* api-fuzz sentinel: must survive */ SLEEP(3600)";
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
/** Tables that change on their own clock (the status page's daily bars) or are checked row by row (audit). */
const NOT_COMPARED = new Set(["audit", "status_daily", "schema_migrations", "sqlite_sequence", "retention_bounds", "kysely_migration", "kysely_migration_lock"]);

interface FuzzRequest {
  credential: Credential;
  /** forged credentials and client addresses sent along */
  headers: Record<string, string>;
  /** a catch-all ([...x]) gets its segments */
  params: Record<string, string | string[]>;
  /** raw query string, without "?" */
  query: string;
  body?: { raw: string | Uint8Array<ArrayBuffer>; contentType?: string };
}

/**
 * Requests sent before the random ones, to every route with a body or an id: the fuzzer's past
 * counterexamples belong here, beside the nastiest inputs known. They name the first real id of
 * each kind (db1, and db1's sentinel thread on the kill route: a kill that slipped through would end it).
 */
const FIXED: Omit<FuzzRequest, "params">[] = [
  { credential: { kind: "token", role: "admin" }, headers: {}, query: "", body: { raw: '{"mode":"connection","__proto__":{"polluted":1}}' } },
  { credential: { kind: "session", role: "operator" }, headers: {}, query: "", body: { raw: JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))) } },
  { credential: { kind: "token", role: "operator" }, headers: {}, query: "__proto__=1&constructor=1", body: { raw: `${"[".repeat(200_000)}${"]".repeat(200_000)}`, contentType: "application/json" } },
  { credential: { kind: "anonymous" }, headers: { cookie: "next-auth.session-token=a.b.c.d.e" }, query: "", body: { raw: "{}" } },
];

// ---- malformed input -------------------------------------------------------------------------

const roles: fc.Arbitrary<Credential> = fc.constantFrom<Credential>(
  { kind: "anonymous" },
  { kind: "token", role: "viewer" },
  { kind: "token", role: "operator" },
  { kind: "token", role: "admin" },
  { kind: "session", role: "viewer" },
  { kind: "session", role: "operator" },
  { kind: "session", role: "admin" },
);
/** Header text a client can send (Latin-1, no line breaks). */
const headerText = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength });
/** Forged or broken credentials and client addresses, sent along with any of the roles. */
const forged: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({}),
  headerText(300).map((t) => ({ authorization: `Bearer ${t}` })),
  fc.constantFrom("Bearer", "Bearer ", "Basic Y3RvOmN0bw==", "bearer hs_x", `Bearer hs_${"a".repeat(8000)}`).map((a) => ({ authorization: a })),
  headerText(300).map((t) => ({ cookie: `next-auth.session-token=${t}` })),
  fc.constantFrom("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z", "a.b.c.d.e", "", "%00", "x".repeat(8000)).map((t) => ({ cookie: `next-auth.session-token=${t}; __Secure-next-auth.session-token=${t}` })),
  headerText(100).map((t) => ({ "x-forwarded-for": t, "x-real-ip": t })),
);
const huge = (unit: string) => fc.integer({ min: 5_000, max: 200_000 }).map((n) => unit.repeat(n));
const nested = (open: string, close: string, inner = "1") => fc.integer({ min: 1_000, max: 100_000 }).map((n) => open.repeat(n) + inner + close.repeat(n));

/** Path ids that name nothing: never a positive whole number, never a real server, component or slug. */
function malformedIds(real: string[]): fc.Arbitrary<string> {
  const isRealLooking = (s: string) => real.includes(s) || (Number.isInteger(Number(s)) && Number(s) > 0 && Number(s) < 1e9);
  return fc
    .oneof(
      fc.constantFrom("", ".", "..", "../", "../../etc/passwd", "..\\..\\win.ini", "%2e%2e%2f", "-1", "0", "-0", "1.5", "1e400", "0x1F", "NaN", "Infinity", "-Infinity", "null", "undefined", "true", "[]", "{}", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "\u0000", "db1\u0000", "1\u0000", " db1", "db1 ", "DB1", "db1/../db2", "db1;DROP TABLE audit", "' OR 1=1 --", "\ud800", "\u202e1", "１", "٣"),
      fc.integer({ max: -1 }).map(String),
      fc.bigInt({ min: 10n ** 20n, max: 10n ** 400n }).map(String),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
      fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
      fc.string({ maxLength: 20 }).map((s) => `../${s}`),
      huge("9"),
      huge("é"),
    )
    .filter((s) => !isRealLooking(s));
}

const QUERY_KEYS = ["server", "limit", "seconds", "by", "since", "until", "user", "action", "result", "format", "text", "kind", "minTime", "host", "db", "command", "mode"];
const queryValue = fc.oneof(
  fc.constantFrom("", "-1", "0", "1e400", "NaN", "abc", "9".repeat(400), "2025-13-45T99:99:99Z", "\u0000", "../", "%", "%ZZ", "[]", "{}", "__proto__"),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  huge("x"),
  // well typed, at and past the edges
  fc.constantFrom("1", "5", "10", "50", "100", "101", "500", "501", "3600", "86400", "86401", "0.5", " 5 ", "1e3", "-0", "csv", "json", "rows", "time", "ok", "denied", "error", "refused", "sleeping", "replication", "db1", "db9"),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace("Z", "+14:00")),
);
const queryKey = fc.oneof(fc.constantFrom(...QUERY_KEYS, "__proto__", "constructor", "prototype", "", "a[b]", "limit[]"), fc.string({ maxLength: 10 }));
/** A query string: junk pairs (keys repeated too), sometimes with raw broken percent-escapes. */
const queries: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }), fc.constantFrom("", "&%", "&a=%E0%A4%A", "&&==&", "&%00=%00"))
  .map(([pairs, raw]) => new URLSearchParams(pairs).toString() + raw);

const FIELDS = ["enabled", "message", "until", "candidate", "mode", "acknowledge", "status", "body", "name", "impact", "components", "note", "title", "text", "owner", "done", "startsAt", "endsAt", "info", "timeSeconds", "server"];
/** Values no field of any route accepts: objects and arrays of objects. */
const wrongValue = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 0, maxKeys: 4 }),
  fc.array(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })), { minLength: 1, maxLength: 4 }),
);
const json = (value: unknown) => JSON.stringify(value) ?? "null";
/** Bodies no route accepts. Every object is refused by a strict schema: wrong types, or an unknown key. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  // not JSON at all
  fc.constantFrom("{", "[1,", "{'a':1}", "{\"a\":}", "undefined", "NaN", "\u0000", "{\"enabled\":true", "<xml/>", "enabled=true", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--"),
  fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== "" && !parses(s)),
  huge("{").map((s) => s + "x"),
  // JSON of the wrong type at the top
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 50 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 })).map(json),
  // the fields routes know, with wrong types
  fc.dictionary(fc.constantFrom(...FIELDS), wrongValue, { minKeys: 1, maxKeys: 5 }).map(json),
  // the fields routes know, with any value, and a key no route knows
  fc.tuple(fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !FIELDS.includes(k)), fc.jsonValue({ maxDepth: 2 })).map(
    ([known, key, value]) => json({ ...known, [key]: value }),
  ),
  // prototype pollution (written as text: an object literal would set the prototype instead)
  fc.constantFrom(
    '{"__proto__":{"role":"admin","enabled":true,"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"__proto__":null}',
    '{"enabled":false,"__proto__":{"polluted":1}}',
    '{"mode":"query","__proto__":{"polluted":1}}',
    '{"candidate":"db2","mode":"graceful","constructor":{"prototype":{"polluted":1}}}',
    '{"done":true,"__proto__":{"done":true}}',
  ),
  // nested thousands deep
  nested("[", "]"),
  nested('{"a":', "}"),
  nested('{"body":[', "]}"),
  // huge
  huge("a").map((s) => json({ name: s, body: s, text: s, title: s, message: s, info: s, [s.slice(0, 3000)]: 1 })),
  huge("é").map((s) => json({ enabled: s, candidate: s, status: s, done: s })),
  huge("\u0000").map((s) => json(s)),
);
/** Bytes that are not UTF-8 at all. */
const bodyBytes = fc.uint8Array({ minLength: 1, maxLength: 2000 }).filter((b) => !parses(new TextDecoder().decode(b)));
const bodies = fc.record({ raw: fc.oneof({ weight: 6, arbitrary: bodyText }, { weight: 1, arbitrary: bodyBytes }), contentType: fc.constantFrom(undefined, "application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x") });

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

// ---- the real things a malformed request must not touch --------------------------------------

let sentinels: { id: LabServerId; conn: Connection; thread: number }[] = [];
let roots: { id: LabServerId; conn: Connection }[] = [];

/** Every compared table's rows, in an order of their own columns (the same on either engine). */
async function storeTables(): Promise<Record<string, string>> {
  const db = await store();
  const tables = (await db.introspection.getTables()).filter((t) => !t.isView && !NOT_COMPARED.has(t.name));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const order = sql.join(t.columns.map((c) => sql.ref(c.name)));
    out[t.name] = JSON.stringify((await sql`SELECT * FROM ${sql.table(t.name)} ORDER BY ${order}`.execute(db)).rows);
  }
  return out;
}

const lastAuditId = async () => Number((await (await store()).selectFrom("audit").select((eb) => eb.fn.coalesce(eb.fn.max("id"), eb.lit(0)).as("id")).executeTakeFirstOrThrow()).id);
const auditSince = async (id: number) => (await store()).selectFrom("audit").select(["id", "action", "result", "actor"]).where("id", ">", id).orderBy("id").execute();

interface StoreState {
  tables: Record<string, string>;
  maintenance: string;
  prototype: string[];
}

async function readState(): Promise<StoreState> {
  return {
    tables: await storeTables(),
    maintenance: JSON.stringify(await getMaintenance()),
    prototype: [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)].flat().sort(),
  };
}

async function labState(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { id, conn } of roots) {
    const [rows] = await conn.query("SELECT @@global.read_only AS ro");
    const sentinel = sentinels.find((s) => s.id === id)!;
    const thread = (await threadsOn(conn)).find((t) => t.Id === sentinel.thread);
    out[id] = { readOnly: (rows as { ro: number }[])[0].ro, sentinel: thread?.Info ?? "gone" };
  }
  return out;
}

// ---- calling a route ---------------------------------------------------------------------------

const wellFormed = (s: string) => s.toWellFormed();

async function send(route: Route, r: FuzzRequest): Promise<{ status: number; text: string }> {
  let path = route.pattern;
  for (const [name, value] of Object.entries(r.params)) {
    const encoded = [value].flat().map((v) => encodeURIComponent(wellFormed(v))).join("/");
    path = path.replace(`[${name}]`, encoded).replace(`[...${name}]`, encoded);
  }
  const url = `${path}${r.query ? `?${r.query}` : ""}`;
  const signed = await requestAs(r.credential, url, { method: route.method, headers: r.headers });
  const headers = new Headers(signed.headers);
  if (r.body?.contentType) headers.set("content-type", r.body.contentType);
  const req = new NextRequest(new URL(url, ORIGIN), { method: route.method, headers, body: r.body?.raw });
  const res = await (await handlerOf(route))(req, { params: Promise.resolve(r.params) });
  return { status: res.status, text: await res.text() };
}

/** Describe a request briefly for a failure message (huge values shortened). */
function brief(r: FuzzRequest): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === "string" && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v));
}

function expectEnvelope(status: number, text: string, where: string): void {
  let body: { error?: { code?: unknown; message?: unknown } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // stays null
  }
  expect(body?.error, `${where}: ${status} without the error envelope: ${text.slice(0, 300)}`).toBeTruthy();
  const { code, message } = body!.error!;
  expect(typeof message === "string" && message.length > 0, `${where}: error.message`).toBe(true);
  expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], `${where}: error.code ${String(code)} for ${status}`).toBe(status);
}

// ---- the property per route ----------------------------------------------------------------------

// next-auth's own endpoints read Next's request scope (cookies()), which exists only in a running
// Next server: the e2e suite signs in through them.
const files = routeFiles()
  .filter((f) => !isNextAuth(patternOf(f)))
  .sort();
const fuzzed = new Map<string, number>();

/**
 * Well-formed ids by the segment naming them (servers/[id] is a server), for requests whose query or
 * body is the junk: the store's latest rows, and one that parses but names nothing (the lab may have
 * no incident yet), so that the body is validated all the same.
 */
async function realIds(): Promise<Record<string, string[]>> {
  const db = await store();
  const ids = async (table: "status_incidents" | "incident_followups" | "maintenance_windows") => [
    ...(await db.selectFrom(table).select("id").orderBy("id", "desc").limit(3).execute()).map((r) => String(r.id)),
    "2147483000",
  ];
  return {
    servers: labConfig().servers.map((s) => s.id),
    processes: sentinels.map((s) => String(s.thread)),
    components: [...COMPONENT_KEYS],
    runbooks: ["replica-lag"],
    incidents: await ids("status_incidents"),
    followups: await ids("incident_followups"),
    windows: await ids("maintenance_windows"),
  };
}

function paramNames(route: Route): { segment: string; name: string; rest: boolean }[] {
  return [...route.pattern.matchAll(/([^/]+)\/\[(\.\.\.)?(\w+)\]/g)].map(([, segment, rest, name]) => ({ segment, name, rest: !!rest }));
}

/** Ids that break naive code (object keys, path tricks, number parsing): every route with ids gets each. */
const CLASSIC_IDS = ["__proto__", "constructor", "toString", "hasOwnProperty", "", "..", "../", "\u0000", "db1\u0000", "-1", "0", "1.5", "1e400", "9".repeat(100_000), " db1", "DB1"];
const CLASSIC_QUERY = "__proto__=1&constructor=1&toString=1&hasOwnProperty=1&limit=__proto__&server=constructor";

/** The fixed requests of a route: FIXED (where a body is read), then every classic id, and the classic query. */
function examplesFor(route: Route, real: Record<string, string[]>): [FuzzRequest][] {
  const admin: Credential = { kind: "token", role: "admin" };
  const junk = STATE_CHANGING.has(route.method) ? { raw: "{" } : undefined;
  const names = paramNames(route);
  const classic = names.length
    ? CLASSIC_IDS.map((id) => ({ credential: admin, headers: {}, query: "", body: junk, params: Object.fromEntries(names.map(({ name }) => [name, id])) }))
    : [];
  return [
    ...(WITH_BODY.has(route.method) ? FIXED.map((r) => ({ ...r, params: fixedParams(route, real) })) : []),
    ...classic,
    // a DELETE naming a real thing would be a real delete: its ids stay malformed
    { credential: admin, headers: {}, query: CLASSIC_QUERY, body: junk, params: route.method === "DELETE" ? Object.fromEntries(names.map(({ name }) => [name, "0"])) : fixedParams(route, real) },
  ].map((r) => [r]);
}

/** A fixed case names the first well-formed id of each kind: db1, and db1's sentinel on the kill route. */
function fixedParams(route: Route, real: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(paramNames(route).map(({ segment, name }) => [name, real[segment]?.[0] ?? "0"]));
}

function requestsFor(route: Route, real: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const names = paramNames(route);
  const allReal = Object.values(real).flat();
  // A read or a body-carrying action may name real things (its query or body is the junk); a
  // DELETE has nothing else to be wrong, so its ids always are.
  const mayBeReal = route.method !== "DELETE";
  const params = fc.record(
    Object.fromEntries(
      names.map(({ segment, name, rest }) => {
        const known = real[segment] ?? [];
        const bad = malformedIds(allReal);
        const one = mayBeReal && known.length ? fc.oneof(bad, fc.constantFrom(...known)) : bad;
        return [name, rest ? one.map((v) => v.split("/")) : one];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string | string[]>>;
  return fc.record({
    credential: roles,
    headers: forged,
    params,
    query: queries,
    body: WITH_BODY.has(route.method) ? bodies : fc.oneof(fc.constant(undefined), route.method === "DELETE" ? bodies : fc.constant(undefined)),
  });
}

async function check(route: Route, r: FuzzRequest, real: Record<string, string[]>): Promise<void> {
  const before = await readState();
  const auditFrom = await lastAuditId();
  const { status, text } = await send(route, r);
  const where = `${route.key} ${brief(r)}`;
  expect(status, `${where}: answered ${status}: ${text.slice(0, 300)}`).toBeLessThan(500);

  const realParams = Object.values(r.params).every((v) => typeof v === "string" && Object.values(real).flat().includes(v));
  const mustRefuse = STATE_CHANGING.has(route.method) || !realParams;
  if (mustRefuse) expect(status, `${where}: malformed input let through: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  if (status >= 400) expectEnvelope(status, text, where);

  const after = await readState();
  for (const table of Object.keys(before.tables)) expect(after.tables[table] === before.tables[table], `${where}: store table ${table} changed`).toBe(true);
  expect(after.maintenance, `${where}: maintenance changed`).toBe(before.maintenance);
  expect(after.prototype, `${where}: a prototype was polluted`).toEqual(before.prototype);
  const audited = await auditSince(auditFrom);
  // The contract: a refused state-changing call leaves at most one refusal row; a read leaves none.
  expect(audited.length, `${where}: audit rows ${JSON.stringify(audited)}`).toBeLessThanOrEqual(STATE_CHANGING.has(route.method) ? 1 : 0);
  expect(
    audited.filter((a) => a.result === "ok"),
    `${where}: audited as done`,
  ).toEqual([]);
  fuzzed.set(route.key, (fuzzed.get(route.key) ?? 0) + 1);
}

describe("every API route refuses malformed input and changes nothing", () => {
  let lab: Record<string, unknown>;

  beforeAll(async () => {
    await startConsole();
    const collector = getCollector();
    await waitFor(() => collector.topology().writer && collector.topology().servers.every((s) => s.reachable), 20_000, "the lab to be polled");
    const ids = labConfig().servers.map((s) => s.id as LabServerId);
    roots = await Promise.all(ids.map(async (id) => ({ id, conn: await rootOn(id) })));
    sentinels = await Promise.all(
      ids.map(async (id) => {
        const conn = await appOn(id);
        void conn.query(SENTINEL).catch(() => undefined);
        return { id, conn, thread: conn.threadId! };
      }),
    );
    await waitFor(async () => Object.values(await labState()).every((s) => (s as { sentinel: string }).sentinel === SENTINEL), 10_000, "the sentinels to run");
    lab = await labState();
  });

  afterAll(async () => {
    for (const { id, conn, thread } of sentinels) {
      await roots.find((r) => r.id === id)?.conn.query(`KILL ${thread}`).catch(() => undefined);
      conn.destroy();
    }
    await Promise.all(roots.map((r) => r.conn.end()));
    stopConsole();
  });

  files.forEach((file) => {
    const pattern = patternOf(file);
    it(pattern, async () => {
      const real = await realIds();
      for (const route of await routesOf(file)) {
        await fc.assert(
          fc.asyncProperty(requestsFor(route, real), (r) => check(route, r, real)),
          { seed: SEED, numRuns: RUNS, examples: examplesFor(route, real) },
        );
      }
      expect(await labState(), `${pattern}: the lab servers' read_only or a sentinel statement changed`).toEqual(lab);
    }, 120_000);
  });

  it("fuzzed every method of every route file", async () => {
    const routes = (await Promise.all(files.map(routesOf))).flat();
    expect(routes.length).toBeGreaterThan(30);
    const short = routes.filter((r) => (fuzzed.get(r.key) ?? 0) < RUNS).map((r) => `${r.key}: ${fuzzed.get(r.key) ?? 0} runs`);
    expect(short, "routes not fuzzed").toEqual([]);
  });
});
