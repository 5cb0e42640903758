import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverPassword, type ServerConfig } from "@/lib/config";
import { closeQuietly, openConnection, query, type Connection } from "@/lib/mysql";
import { labConfig } from "./lab";
import { CONSOLE_NAMES, TwoConsoles, type ConsoleName } from "./two-consoles";

/**
 * Two real consoles (`next start` on the build) on one real PostgreSQL store, watching the test
 * lab, behind the README's nginx upstream: one leads; when the leader is killed with SIGKILL the
 * other leads within 5 s and the writer's heartbeat keeps advancing; a session signed in on one is
 * good on the other; through nginx, with one console dead, the API keeps answering.
 */
describe("two consoles on one PostgreSQL store", () => {
  let consoles: TwoConsoles;
  let writer: Connection;
  let killed: ConsoleName | null = null;
  const other = (name: ConsoleName): ConsoleName => (name === "a" ? "b" : "a");
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The writer's own row in the heartbeat table (pt-heartbeat's hotseat.heartbeat; lib/mysql/heartbeat.ts). */
  const heartbeat = async () => String((await query(writer, "SELECT ts FROM hotseat.heartbeat WHERE server_id = @@server_id"))[0]?.ts ?? "");

  beforeAll(async () => {
    consoles = await TwoConsoles.start({ nginx: true });
    const view = (await (await consoles.fetchWithToken("a", "/api/topology")).json()) as { writer: string | null };
    const server = labConfig().servers.find((s) => s.id === (view.writer ?? "db1")) as ServerConfig;
    writer = await openConnection({ host: server.host, port: server.port, user: server.user, password: serverPassword(server) });
  });

  afterAll(async () => {
    if (writer) closeQuietly(writer);
    await consoles?.stop();
  });

  it("exactly one of the two reports leader: true, each under its own name", async () => {
    let leaders: ConsoleName[] = [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (leaders = await consoles.leaders()).length !== 1) await sleep(100);
    expect(leaders).toHaveLength(1);
    await sleep(1500); // the follower tries the lock every second: still one
    expect(await consoles.leaders()).toEqual(leaders);
    for (const name of CONSOLE_NAMES) {
      expect(await consoles.health(name)).toEqual({ ok: true, instance: `console-${name}`, leader: name === leaders[0] });
    }
    const metrics = async (name: ConsoleName) => (await (await consoles.fetchWithToken(name, "/api/metrics")).text()).match(/^hotseat_leader (\d)$/m)?.[1];
    expect(await metrics(leaders[0])).toBe("1");
    expect(await metrics(other(leaders[0]))).toBe("0");
  });

  it("a session signed in on one console is accepted by the other", async () => {
    const cookie = await consoles.signIn("a", "oncall");
    const session = await consoles.fetch("b", "/api/auth/session", { headers: { cookie } });
    expect(((await session.json()) as { user?: { name?: string } }).user?.name).toBe("oncall");
    expect((await consoles.fetch("b", "/api/topology", { headers: { cookie } })).status).toBe(200);
    expect((await consoles.fetch("b", "/api/topology")).status).toBe(401);
  });

  it("kill -9 the leader: the other leads within 5 s and the writer's heartbeat keeps advancing", async () => {
    const [leader] = await consoles.leaders();
    expect(leader).toBeDefined();
    const survivor = other(leader);
    const before = await heartbeat();
    const killedAt = performance.now();
    await consoles.kill(leader, "SIGKILL");
    killed = leader;
    const takeoverMs = await consoles.waitForLeader(survivor, 10_000, killedAt);
    expect(takeoverMs, `took over in ${Math.round(takeoverMs)} ms`).toBeLessThan(5000);
    // now stamped by the survivor alone (the dead console cannot)
    const atTakeover = await heartbeat();
    await sleep(2500);
    const later = await heartbeat();
    expect(later > atTakeover && atTakeover >= before).toBe(true);
    expect(await consoles.health(leader)).toBeNull();
  });

  it("through the nginx upstream, with one console killed, /api/health and /api/topology keep answering 200", async () => {
    if (!killed) {
      killed = "a";
      await consoles.kill("a", "SIGKILL");
    }
    const base = consoles.nginx!.base;
    const token = { authorization: `Bearer ${consoles.secrets.tokens["lab-viewer"]}` };
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const [health, topology] = await Promise.all([fetch(`${base}/api/health`), fetch(`${base}/api/topology`, { headers: token })]);
      statuses.push(health.status, topology.status);
      expect(((await health.json()) as { instance: string }).instance).toBe(`console-${other(killed)}`);
      await topology.arrayBuffer();
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it("the killed console comes back as a follower: the survivor keeps leading", async () => {
    const back = killed ?? "a";
    await consoles.restart(back);
    await sleep(1500);
    expect((await consoles.health(back))?.leader).toBe(false);
    expect((await consoles.health(other(back)))?.leader).toBe(true);
    killed = null;
  });
});
