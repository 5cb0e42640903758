import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { resetConfigCache } from "@/lib/config";
import { reconcileMaintenance } from "@/lib/maintenance";
import { closeStore, store } from "@/lib/store";
import { PUT } from "@/app/api/maintenance/route";
import { requestAs, useLabConfig } from "./auth-helpers";
import { labConfig } from "./lab";

/**
 * The hooks driver, with real shell commands: run on enable and on disable with the state in their
 * environment, a failing hook reported, a hung one killed (with its children) at the timeout, and
 * every outcome in the audit log. A console of its own (the lab's config plus hooks, its own store
 * and flag file), so the lab's maintenance state is not touched.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-hooks-"));
const log = path.join(dir, "hooks.log");
const sleeperPid = path.join(dir, "sleeper.pid");
const flagFile = path.join(dir, "run", "maintenance");
const envDump = path.join(dir, "hook.env");
// Set before the hooks run: the console's secrets, which no hook may see.
const SECRETS = { NEXTAUTH_SECRET: "next-secret-for-the-maintenance-hooks-test", HOTSEAT_OPS_PASSWORD: "ops-password-for-the-hooks-test" };
const none = { params: Promise.resolve({}) };

async function put(body: unknown) {
  const res = await PUT(await requestAs({ kind: "token", role: "operator" }, "/api/maintenance", { method: "PUT", body }), none);
  return { status: res.status, body: await res.json() };
}
/** Running, not a zombie waiting for a parent (in a container, PID 1 may never reap it). */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

describe("maintenance hooks", () => {
  beforeAll(async () => {
    const config = {
      ...labConfig(),
      dataDir: path.join(dir, "data"),
      maintenance: {
        flagFile,
        hooks: {
          onEnable: [
            `printf '%s|%s|%s|%s\\n' "$HOTSEAT_MAINTENANCE_EVENT" "$HOTSEAT_MAINTENANCE_ENABLED" "$HOTSEAT_MAINTENANCE_MESSAGE" "$HOTSEAT_MAINTENANCE_UNTIL" >> '${log}'`,
            "echo 'cache purge failed' >&2; exit 3",
            `env > '${envDump}'`,
          ],
          onDisable: [`sleep 30 & echo $! > '${sleeperPid}'; wait`, `echo disable >> '${log}'`],
          timeoutMs: 800,
        },
      },
    };
    fs.writeFileSync(path.join(dir, "hotseat.config.json"), JSON.stringify(config));
    for (const [k, v] of Object.entries(SECRETS)) if (k !== "NEXTAUTH_SECRET" || !process.env[k]) process.env[k] = v;
    process.env.HOTSEAT_CONFIG = path.join(dir, "hotseat.config.json");
    resetConfigCache();
    await closeStore();
  });

  afterAll(async () => {
    for (const k of Object.keys(SECRETS)) if (process.env[k] === SECRETS[k as keyof typeof SECRETS]) delete process.env[k];
    await closeStore();
    useLabConfig();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs the enable hooks in order with the state in their environment, and audits each outcome", async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    const on = await put({ enabled: true, message: "Upgrading the database", until });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    expect(fs.readFileSync(flagFile, "utf8")).toContain("Upgrading the database");

    // the answer says how each hook ended, never its command or output
    const [first, second] = on.body.drivers.hooks;
    expect(first).toEqual({ event: "enable", ok: true, exitCode: 0, timedOut: false, durationMs: expect.any(Number) });
    expect(second).toEqual({ event: "enable", ok: false, exitCode: 3, timedOut: false, durationMs: expect.any(Number) });
    expect(JSON.stringify(on.body)).not.toContain("cache purge");
    expect(fs.readFileSync(log, "utf8")).toBe(`enable|1|Upgrading the database|${until}\n`);

    // a hook sees its own variables, not the console's secrets
    const seen = fs.readFileSync(envDump, "utf8");
    expect(seen).toContain("HOTSEAT_MAINTENANCE_EVENT=enable");
    expect(seen).not.toContain("NEXTAUTH_SECRET");
    expect(seen).not.toContain(process.env.NEXTAUTH_SECRET!);
    expect(seen).not.toContain("HOTSEAT_OPS_PASSWORD");
    expect(seen).not.toContain(SECRETS.HOTSEAT_OPS_PASSWORD);

    // the operators' audit log keeps the command and its output
    const audited = await listAudit({ action: "maintenance.hook" });
    expect(audited.map((e) => [e.result, e.actor, e.role, e.params?.event])).toEqual([
      ["ok", "token:lab-operator", "operator", "enable"],
      ["error", "token:lab-operator", "operator", "enable"],
      ["ok", "token:lab-operator", "operator", "enable"],
    ]);
    expect(audited[1].error).toBe("exit code 3");
    expect(audited[1].params).toMatchObject({ command: "echo 'cache purge failed' >&2; exit 3", exitCode: 3, stderr: "cache purge failed\n" });

    // a failing hook does not undo maintenance, and a repeated "on" is no new transition
    const again = await put({ enabled: true, message: "Still upgrading" });
    expect(again.body.drivers.hooks).toEqual([]);
    expect(fs.readFileSync(log, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("kills a hung hook and its children at the timeout, audits it, and runs the next one", async () => {
    const started = Date.now();
    const off = await put({ enabled: false });
    const took = Date.now() - started;
    expect(off.body.enabled).toBe(false);
    expect(fs.existsSync(flagFile)).toBe(false);

    const [hung, next] = off.body.drivers.hooks;
    expect(hung).toEqual({ event: "disable", ok: false, exitCode: null, timedOut: true, durationMs: expect.any(Number) });
    expect(hung.durationMs).toBeGreaterThanOrEqual(750);
    expect(took).toBeLessThan(5000);
    expect(next).toMatchObject({ event: "disable", ok: true });
    expect(fs.readFileSync(log, "utf8")).toMatch(/disable\n$/);
    const pid = Number(fs.readFileSync(sleeperPid, "utf8"));
    expect(alive(pid), "the hook's child sleep was killed with its group").toBe(false);

    const [lastOk, timedOut] = await listAudit({ action: "maintenance.hook" });
    expect(lastOk).toMatchObject({ result: "ok", params: { event: "disable" } });
    expect(timedOut).toMatchObject({ result: "error", error: "timed out after 800 ms", params: { event: "disable", timedOut: true, signal: "SIGKILL" } });
  });

  it("runs the hooks for a scheduled window too, as the scheduler", async () => {
    const now = Date.now();
    await (await store())
      .insertInto("maintenance_windows")
      .values({ starts_at: new Date(now - 1000).toISOString(), ends_at: new Date(now + 60_000).toISOString(), message: "window", created_at: new Date(now).toISOString(), created_by: "test" })
      .execute();
    const result = await reconcileMaintenance();
    expect(result.transition).toBe("enabled");
    expect(result.hooks.map((h) => h.event)).toEqual(["enable", "enable", "enable"]);
    expect(fs.existsSync(flagFile)).toBe(true);
    expect((await listAudit({ action: "maintenance.hook" }))[0]).toMatchObject({ actor: "scheduler", role: null });
    expect((await listAudit({ action: "maintenance.window.start" }))[0]).toMatchObject({ actor: "scheduler", result: "ok" });

    const ended = await reconcileMaintenance({ now: new Date(now + 61_000) });
    expect(ended.transition).toBe("disabled");
    expect(fs.existsSync(flagFile)).toBe(false);
  });
});
