import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/app-servers/[id]/restart/route";
import { listAudit } from "@/lib/audit";
import { childPids, labHelperPid, phpFpmLog, startPollers, stopPollers } from "./app-helpers";
import { requestAs } from "./auth-helpers";
import { waitFor } from "./lab";

const on = (id: string) => ({ params: Promise.resolve({ id }) });
async function restart(body: unknown, id = "app1") {
  const res = await POST(await requestAs({ kind: "token", role: "operator" }, `/api/app-servers/${id}/restart`, { method: "POST", body }), on(id));
  return { status: res.status, text: await res.text() };
}

/**
 * The guarded restart against the lab's real php-fpm: the configured command (a graceful reload)
 * really replaces the workers and php-fpm logs it; every restart is audited with its outcome; the
 * answer carries neither the command nor its output; the third one in ten minutes waits for an
 * acknowledgement.
 */
describe("POST /api/app-servers/{id}/restart", () => {
  const since = new Date();
  beforeAll(async () => {
    await startPollers();
  });
  afterAll(() => stopPollers());

  it("reloads php-fpm for real and audits the outcome, without the command in the answer", async () => {
    const master = labHelperPid("php-fpm");
    const workersBefore = childPids(master);
    const logBefore = fs.readFileSync(phpFpmLog(), "utf8").length;
    // acknowledged up front: an earlier run within ten minutes may have used up the window
    const { status, text } = await restart({ service: "php-fpm", acknowledge: true });
    expect(status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ appServerId: "app1", service: "php-fpm", result: "ok", exitCode: 0 });
    expect(text).not.toMatch(/kill|USR2|php-fpm\.pid/);

    await waitFor(() => fs.readFileSync(phpFpmLog(), "utf8").slice(logBefore).includes("Reloading in progress"), 10_000, "php-fpm to log the reload");
    const workersAfter = await waitFor(() => {
      const pids = childPids(labHelperPid("php-fpm"));
      // every worker replaced (a worker finishing a slow request is replaced once it is done)
      return pids.length >= 4 && pids.every((p) => !workersBefore.includes(p)) ? pids : null;
    }, 30_000, "new php-fpm workers");
    expect(workersAfter.length).toBeGreaterThanOrEqual(4); // the pool's four, and the status listener's own

    const [entry] = await listAudit({ action: "appserver.restart", since, limit: 10 });
    expect(entry).toMatchObject({ actor: "token:lab-operator", serverId: "app1", result: "ok", params: { service: "php-fpm", outcome: "ok", exitCode: 0 } });
  });

  it("asks for an acknowledgement at the third restart within ten minutes", async () => {
    // earlier runs within the window count too: restart until the guard speaks, at most twice more
    let refused: { status: number; text: string } | null = null;
    for (let i = 0; i < 2 && !refused; i++) {
      const r = await restart({ service: "nginx" });
      if (r.status === 409) refused = r;
      else expect(r.status, r.text).toBe(200);
    }
    refused ??= await restart({ service: "nginx" });
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.text).error).toMatchObject({ rule: "restart_flapping" });
    expect(JSON.parse(refused.text).error.message).toMatch(/restarted \d+ times in the last 10 minutes; acknowledge/);

    const acked = await restart({ service: "nginx", acknowledge: true });
    expect(acked.status, acked.text).toBe(200);
    const entries = await listAudit({ action: "appserver.restart", since, limit: 20 });
    expect(entries.some((e) => e.result === "refused" && e.params?.rule === "restart_flapping")).toBe(true);
    expect(entries[0]).toMatchObject({ result: "ok", params: { service: "nginx", acknowledge: true } });
  });

  it("answers bad input with 4xx and restarts nothing", async () => {
    const ran = async () => (await listAudit({ action: "appserver.restart", since, limit: 100 })).filter((e) => e.params?.outcome != null).length;
    const workers = childPids(labHelperPid("php-fpm"));
    const before = await ran();
    expect((await restart({ service: "mysqld" })).status).toBe(400);
    expect((await restart({ service: "php-fpm", extra: 1 })).status).toBe(400);
    expect((await restart({ service: "php-fpm", acknowledge: "yes" })).status).toBe(400);
    expect((await restart({ service: "php-fpm" }, "app9")).status).toBe(404);
    expect((await restart({ service: "php-fpm" }, "../etc")).status).toBe(400);
    expect(await ran()).toBe(before); // the unknown app server is audited as an error; nothing ran
    expect(childPids(labHelperPid("php-fpm"))).toEqual(workers);
  });
});
