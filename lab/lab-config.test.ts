import { compare } from "bcryptjs";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config";
import { buildLabConfig } from "./config";
import { labAppServerConfig, nginxConf, phpFpmConf } from "./app-tier";
import { extraPort } from "./clusters";
import { labPaths, testLab } from "./paths";
import { processState, sleep } from "./processes";
import { generateSecrets, sha256Hex } from "./secrets";
import { serverArgs } from "./server-args";

const ENV_KEYS = ["HOTSEAT_LAB_DIR", "HOTSEAT_LAB_PORT_BASE", "HOTSEAT_LAB_CUTOFF"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("labPaths", () => {
  it("puts db1..db4 on base+1..base+4 and the site on base+10", () => {
    const p = labPaths({ dir: "/tmp/lab-x", portBase: 40000 });
    expect([p.servers.db1.port, p.servers.db2.port, p.servers.db3.port, p.servers.db4.port]).toEqual([40001, 40002, 40003, 40004]);
    expect(p.sitePort).toBe(40010);
    expect(p.siteUrl).toBe("http://127.0.0.1:40010/");
    expect(p.servers.db3.serverId).toBe(3);
    expect(p.servers.db2.socket).toBe("/tmp/lab-x/db2/mysqld.sock");
  });

  it("defaults from the environment, and options win over it", () => {
    process.env.HOTSEAT_LAB_DIR = "/tmp/lab-env";
    process.env.HOTSEAT_LAB_PORT_BASE = "35060";
    process.env.HOTSEAT_LAB_CUTOFF = "7";
    const p = labPaths();
    expect(p.dir).toBe("/tmp/lab-env");
    expect(p.servers.db1.port).toBe(35061);
    expect(p.cutoffSeconds).toBe(7);
    expect(labPaths({ portBase: 36000 }).servers.db4.port).toBe(36004);
  });

  it("defaults to var/lab in the repository and port base 23060", () => {
    for (const k of ENV_KEYS) delete process.env[k];
    const p = labPaths();
    expect(p.dir).toBe(`${p.repoRoot}/var/lab`);
    expect(p.servers.db1.port).toBe(23061);
    expect(p.cutoffSeconds).toBe(10);
  });

  it("puts the test lab in var/test-lab on port base 24060, both below the ephemeral port range", () => {
    for (const k of ENV_KEYS) delete process.env[k];
    const p = labPaths(testLab());
    expect(p.dir).toBe(`${p.repoRoot}/var/test-lab`);
    expect(p.servers.db1.port).toBe(24061);
    const [lowestEphemeral] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    const highest = Math.max(extraPort(labPaths().portBase, 10), extraPort(p.portBase, 10));
    expect(highest).toBeLessThan(lowestEphemeral);
    process.env.HOTSEAT_LAB_PORT_BASE = "35060";
    process.env.HOTSEAT_LAB_DIR = "/tmp/other-test-lab";
    expect(testLab()).toEqual({ dir: "/tmp/other-test-lab", portBase: 35060 });
  });

  it("refuses a lab directory too deep for a unix socket and a bad port base", () => {
    expect(() => labPaths({ dir: "/tmp/" + "d".repeat(120) })).toThrow(/socket path/);
    process.env.HOTSEAT_LAB_PORT_BASE = "abc";
    expect(() => labPaths()).toThrow(/HOTSEAT_LAB_PORT_BASE/);
  });
});

describe("serverArgs", () => {
  const p = labPaths({ dir: "/tmp/lab-x", portBase: 40000 });

  it("reads no option file and listens on loopback only", () => {
    const args = serverArgs(p.servers.db1, { readOnly: false, runAsRoot: false });
    expect(args[0]).toBe("--no-defaults");
    expect(args).toContain("--bind-address=127.0.0.1");
    expect(args).toContain("--port=40001");
    expect(args).toContain("--socket=/tmp/lab-x/db1/mysqld.sock");
    expect(args).not.toContain("--user=root");
  });

  it("gives each server its own id and binary log, replicas read-only", () => {
    const db3 = serverArgs(p.servers.db3, { readOnly: true, runAsRoot: true });
    expect(db3).toContain("--server-id=3");
    expect(db3).toContain("--read-only=ON");
    expect(db3).toContain("--log-slave-updates=ON");
    expect(db3).toContain("--binlog-format=ROW");
    expect(db3).toContain("--user=root");
    expect(serverArgs(p.servers.db1, { readOnly: false, runAsRoot: false })).toContain("--read-only=OFF");
  });

  it("turns performance_schema on for db1 only, small, with the statement consumers who-is-writing reads", () => {
    const db1 = serverArgs(p.servers.db1, { readOnly: false, runAsRoot: false });
    expect(db1).toContain("--performance-schema=ON");
    expect(db1).toContain("--performance-schema-digests-size=200");
    expect(db1).toContain("--performance-schema-consumer-events-statements-history-long=ON");
    expect(db1).not.toContain("--performance-schema=OFF");
    for (const id of ["db2", "db3", "db4"] as const) {
      const args = serverArgs(p.servers[id], { readOnly: true, runAsRoot: false });
      expect(args).toContain("--performance-schema=OFF");
      expect(args.some((a) => a.startsWith("--performance-schema-"))).toBe(false);
    }
  });

  it("hands db1 and db2 different auto-increment offsets", () => {
    const offset = (id: "db1" | "db2") =>
      serverArgs(p.servers[id], { readOnly: false, runAsRoot: false }).find((a) => a.startsWith("--auto-increment-offset="));
    expect(offset("db1")).not.toBe(offset("db2"));
  });
});

describe("buildLabConfig", () => {
  it("follows the configuration contract with working credentials", async () => {
    const paths = labPaths({ dir: "/tmp/lab-x", portBase: 40000, cutoffSeconds: 10 });
    const secrets = generateSecrets();
    const written = await buildLabConfig(paths, secrets);
    const config = configSchema.parse(written); // the console accepts what the lab writes
    expect(config.servers.map((s) => [s.id, s.port, s.promotion])).toEqual([
      ["db1", 40001, "prefer"],
      ["db2", 40002, "prefer"],
      ["db3", 40003, "must_not"],
      ["db4", 40004, "must_not"],
    ]);
    expect(config.servers.every((s) => s.host === "127.0.0.1" && s.user === "hotseat" && s.password === secrets.hotseatPassword)).toBe(true);
    expect(config.lagCutoffSeconds).toBe(10);
    expect(config.heartbeat).toEqual({ enabled: true, database: "hotseat" });
    expect(config.maintenance.flagFile).toBe("/tmp/lab-x/maintenance.flag");
    const oncall = config.auth.users.find((u) => u.username === "oncall")!;
    expect(oncall.role).toBe("operator");
    expect(await compare(secrets.users.oncall, oncall.passwordHash)).toBe(true);
    expect(await compare("wrong", oncall.passwordHash)).toBe(false);
    const viewer = config.auth.apiTokens.find((t) => t.name === "lab-viewer")!;
    expect(viewer.tokenSha256).toBe(sha256Hex(secrets.tokens["lab-viewer"]));
    expect(viewer.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("generates different secrets every time", () => {
    expect(generateSecrets().hotseatPassword).not.toBe(generateSecrets().hotseatPassword);
  });
});

describe("the lab's app tier", () => {
  const p = labPaths({ dir: "/tmp/lab-x", portBase: 40000 });
  it("puts php-fpm on base+11, its status listener on base+12 and the status port on base+13", () => {
    expect([p.app.phpFpmPort, p.app.phpFpmStatusPort, p.app.statusPort]).toEqual([40011, 40012, 40013]);
    expect(labAppServerConfig(p)).toMatchObject({
      id: "app1",
      phpFpmStatusUrl: "http://127.0.0.1:40013/fpm-status?json",
      nginxStatusUrl: "http://127.0.0.1:40013/nginx-status",
    });
  });
  it("runs a small static pool on TCP with its status page, and nginx with stub_status", () => {
    const fpm = phpFpmConf(p, "http://127.0.0.1:3000");
    expect(fpm).toMatch(/^listen = 127\.0\.0\.1:40011$/m);
    expect(fpm).toMatch(/^pm = static$/m);
    expect(fpm).toMatch(/^pm\.status_path = \/fpm-status$/m);
    expect(fpm).toContain("env[SHOP_WRITER_FILE] = /tmp/lab-x/writer.json");
    const nginx = nginxConf(p);
    expect(nginx).toContain("location = /nginx-status { stub_status; }");
    expect(nginx).toContain("fastcgi_pass 127.0.0.1:40011;");
    expect(nginx).toContain("docs/nginx-maintenance.conf");
  });
});

describe("processState", () => {
  it("tells running, frozen and stopped apart for a real process", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    const pid = child.pid!;
    try {
      expect(processState(pid, "sleep")).toBe("running");
      expect(processState(pid, "not-its-command-line")).toBe("stopped");
      process.kill(pid, "SIGSTOP");
      await sleep(100);
      expect(processState(pid, "sleep")).toBe("frozen");
      process.kill(pid, "SIGCONT");
      await sleep(100);
      expect(processState(pid, "sleep")).toBe("running");
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((r) => child.once("exit", r));
    expect(processState(pid, "sleep")).toBe("stopped");
    expect(processState(null)).toBe("stopped");
  });
});
