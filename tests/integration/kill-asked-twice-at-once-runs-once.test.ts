import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./lab";
import { appOn, kill, killAudits, rootOn, startConsole, stopConsole, threadsOn } from "./processlist-helpers";

const STATEMENT = "SELECT /* report, killed twice at once */ SLEEP(60)";

/**
 * Two on-call engineers click "kill" on the same thread at the same moment (on one console, or on
 * two sharing a store): one KILL is sent, the other request is refused with 409 kill_in_progress
 * and audited as refused; once the first is done, the thread may be killed again.
 */
describe("a kill asked twice at once", () => {
  let app: Connection;
  let root: Connection;
  let thread: number;

  beforeAll(async () => {
    await startConsole();
    app = await appOn("db1");
    root = await rootOn("db1");
    thread = app.threadId!;
  });
  afterAll(async () => {
    await root.query(`KILL ${thread}`).catch(() => undefined);
    app.destroy();
    await root.end();
    stopConsole();
  });

  const running = async () => (await threadsOn(root)).find((t) => t.Id === thread && t.Info === STATEMENT);

  it("runs once: the other request is refused with kill_in_progress, and audited", async () => {
    void app.query(STATEMENT).catch(() => undefined);
    await waitFor(running, 5000, "the statement on db1");

    const answers = await Promise.all([kill("db1", thread, { mode: "query", info: STATEMENT }), kill("db1", thread, { mode: "query", info: STATEMENT })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: "conflict", rule: "kill_in_progress" });
    expect((refused.body.error as { message: string }).message).toMatch(new RegExp(`thread ${thread} on db1 is being killed by another request right now`));
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ result: "killed" });
    await waitFor(async () => !(await running()), 5000, "the statement to end");

    const audits = (await killAudits("db1", thread)).slice(0, 2);
    expect(audits.map((a) => a.result).sort()).toEqual(["ok", "refused"]);
    expect(audits.find((a) => a.result === "refused")).toMatchObject({ params: expect.objectContaining({ rule: "kill_in_progress" }) });
  });

  it("frees the thread when done: the next kill of it goes through", async () => {
    const res = await kill("db1", thread, { mode: "connection" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ result: "killed" });
    await waitFor(async () => !(await threadsOn(root)).some((t) => t.Id === thread), 5000, "the session to end");
  });
});
