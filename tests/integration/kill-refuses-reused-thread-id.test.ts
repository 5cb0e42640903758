import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./lab";
import { appOn, kill, killAudits, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

const FIRST = "SELECT /* nightly export, part 1 */ SLEEP(60)";
const SECOND = "SELECT /* checkout, must not be killed */ SLEEP(60)";

/**
 * Thread ids are reused and sessions run one statement after another: the statement the engineer
 * saw may be gone by the time they click. The kill must then be refused, not hit the new statement.
 */
describe("a kill aimed at a statement that is no longer running is refused", () => {
  let app: Connection;
  let root: Connection;
  let appThread: number;

  beforeAll(async () => {
    await startConsole();
    app = await appOn("db1");
    root = await rootOn("db1");
    appThread = app.threadId!;
  });
  afterAll(async () => {
    await root.query(`KILL ${appThread}`).catch(() => undefined);
    app.destroy();
    await root.end();
    stopConsole();
  });

  const running = async (sql: string) => (await threadsOn(root)).find((t) => t.Id === appThread && t.Info === sql);

  it("the same id running another statement: 409 statement_changed, the new statement untouched", async () => {
    const first = app.query(FIRST).catch(() => undefined);
    const seen = await waitForProcess("?server=db1&user=app", (p) => p.id === appThread && p.info === FIRST, "the first statement in the console");
    // The first statement ends (here: killed by hand) and the session starts another.
    await root.query(`KILL QUERY ${appThread}`);
    await first;
    void app.query(SECOND).catch(() => undefined);
    await waitFor(() => running(SECOND), 5000, "the second statement on the same thread");

    const res = await kill("db1", appThread, { mode: "connection", info: seen.info, timeSeconds: seen.timeSeconds });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", rule: "statement_changed" });
    expect(await running(SECOND)).toBeTruthy();
    expect((await killAudits("db1", appThread))[0]).toMatchObject({ result: "refused", params: expect.objectContaining({ rule: "statement_changed", info: SECOND }) });
  });

  it("the same statement restarted (its Time went backwards): refused too", async () => {
    await waitFor(async () => ((await running(SECOND))?.Time ?? 0) >= 3, 10_000, "the second statement to run 3 s");
    const res = await kill("db1", appThread, { mode: "query", info: SECOND, timeSeconds: 40 });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ rule: "statement_changed" });
    expect(await running(SECOND)).toBeTruthy();
  });

  it("the statement the caller saw is still running: killed", async () => {
    const res = await kill("db1", appThread, { mode: "query", info: SECOND, timeSeconds: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: "killed" });
    await waitFor(async () => !(await running(SECOND)), 5000, "the second statement to end");
    // KILL QUERY keeps the session.
    expect((await threadsOn(root)).some((t) => t.Id === appThread)).toBe(true);
  });

  it("malformed ids are 400, unknown ids and servers 404, and each attempt is audited", async () => {
    for (const pid of ["abc", "0", "-3", "1.5", "99999999999999999999"]) {
      const res = await kill("db1", pid, { mode: "query" });
      expect(res.status, pid).toBe(400);
      expect(res.body.error).toMatchObject({ code: "bad_request" });
    }
    expect((await kill("db1", 1, { mode: "everything" })).status).toBe(400);
    const unknown = await kill("db1", 987654321, { mode: "query" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "not_found" });
    expect((await kill("db9", 5, { mode: "query" })).status).toBe(404);
    expect((await killAudits("db1", "abc"))[0]).toMatchObject({ result: "error" });
    expect((await killAudits("db1", 987654321))[0]).toMatchObject({ result: "error" });
  });
});
