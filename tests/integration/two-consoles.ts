/**
 * Two real consoles (`next start` on the build) on one fresh PostgreSQL store, watching the test
 * lab, and optionally the README's nginx upstream in front of both. Each console has a data
 * directory (and maintenance flag file) of its own, and both share one session secret, as the
 * README's "Run two consoles" asks. No vitest in here: the leader-takeover bench runs it too.
 *
 *   const consoles = await startTwoConsoles({ nginx: true });
 *   await consoles.kill("a", "SIGKILL"); await consoles.restart("a"); await consoles.stop();
 *
 * Ports: HOTSEAT_TWO_CONSOLES_PORT_BASE (default 3150) for a, +1 for b, +2 for nginx.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { labDir, labSecrets, type LabSecrets } from "./lab";
import { readme, startNginx, type Nginx } from "./nginx";
import { createPgDatabase } from "./pg-database";

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");

export type ConsoleName = "a" | "b";
export const CONSOLE_NAMES: readonly ConsoleName[] = ["a", "b"];

/** What GET /api/health answers. */
export interface Health {
  ok: boolean;
  instance: string;
  leader: boolean;
}

interface RunningConsole {
  name: ConsoleName;
  instance: string;
  port: number;
  base: string;
  dir: string;
  configPath: string;
  logPath: string;
  child: ChildProcess | null;
}

export interface TwoConsolesOptions {
  /** Put the README's two-console nginx block in front of both. */
  nginx?: boolean;
  portBase?: number;
  /**
   * The lab the consoles watch: its hotseat.config.json is the base of theirs, its lab-secrets.json
   * has the users and tokens. Default: HOTSEAT_CONFIG (else the test lab's config) and the test lab's secrets.
   */
  labDir?: string;
  /** Change both consoles' config (alert webhooks, rules) before they start. */
  configure?: (config: Record<string, unknown>) => Record<string, unknown>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The README's nginx block for two consoles, with this run's ports. */
export function documentedTwoConsolesBlock(ports: { a: number; b: number; nginx: number }): string {
  const block = [...readme().matchAll(/```nginx\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("proxy_next_upstream"));
  if (!block) throw new Error("the README has no nginx block with proxy_next_upstream (\"Run two consoles\")");
  const swaps: [string, string][] = [
    ["server 10.0.0.11:3000 ", `server 127.0.0.1:${ports.a} `],
    ["server 10.0.0.12:3000 ", `server 127.0.0.1:${ports.b} `],
    ["listen 443 ssl;", `listen 127.0.0.1:${ports.nginx};`],
  ];
  return swaps.reduce((text, [from, to]) => {
    if (text.split(from).length - 1 !== 1) throw new Error(`the README's two-console block must have "${from}" once`);
    return text.replace(from, to);
  }, block);
}

export class TwoConsoles {
  readonly consoles: Record<ConsoleName, RunningConsole>;
  nginx: Nginx | null = null;
  /** The secret both consoles sign sessions with (NEXTAUTH_SECRET from the environment, else a fresh one). */
  readonly secret: string;

  private constructor(
    readonly dir: string,
    readonly storeUrl: string,
    private readonly dropDatabase: () => Promise<void>,
    ports: { a: number; b: number },
    labConfigPath: string,
    readonly secrets: LabSecrets,
    configure: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c,
  ) {
    this.secret = process.env.NEXTAUTH_SECRET || crypto.randomBytes(32).toString("hex");
    const lab = JSON.parse(fs.readFileSync(labConfigPath, "utf8")) as Record<string, unknown>;
    const make = (name: ConsoleName): RunningConsole => {
      const own = path.join(dir, name);
      fs.mkdirSync(own, { recursive: true, mode: 0o700 });
      const config = {
        ...configure(lab),
        store: { url: storeUrl },
        dataDir: path.join(own, "data"),
        maintenance: { ...(lab.maintenance as object | undefined), flagFile: path.join(own, "maintenance.flag") },
      };
      const configPath = path.join(own, "hotseat.config.json");
      fs.writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
      const port = ports[name];
      return { name, instance: `console-${name}`, port, base: `http://127.0.0.1:${port}`, dir: own, configPath, logPath: path.join(own, "console.log"), child: null };
    };
    this.consoles = { a: make("a"), b: make("b") };
  }

  /** A fresh database, two configs, both consoles up (and nginx when asked). */
  static async start(options: TwoConsolesOptions = {}): Promise<TwoConsoles> {
    const base = options.portBase ?? Number(process.env.HOTSEAT_TWO_CONSOLES_PORT_BASE ?? 3150);
    const labConfigPath = options.labDir
      ? path.join(options.labDir, "hotseat.config.json")
      : (process.env.HOTSEAT_CONFIG ?? path.join(labDir, "hotseat.config.json"));
    const secrets: LabSecrets = options.labDir ? JSON.parse(fs.readFileSync(path.join(options.labDir, "lab-secrets.json"), "utf8")) : labSecrets();
    if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("no build: run `npx next build` first (npm test builds before the integration suite)");
    const database = await createPgDatabase("hotseat_two");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-two-consoles-"));
    const pair = new TwoConsoles(dir, database.url, database.drop, { a: base, b: base + 1 }, labConfigPath, secrets, options.configure);
    try {
      await Promise.all(CONSOLE_NAMES.map((name) => pair.launch(name)));
      if (options.nginx) {
        const ports = { a: base, b: base + 1, nginx: base + 2 };
        pair.nginx = await startNginx(() => documentedTwoConsolesBlock(ports), "/api/health", ports.nginx);
      }
    } catch (err) {
      await pair.stop();
      throw err;
    }
    return pair;
  }

  url(name: ConsoleName, urlPath: string): string {
    return `${this.consoles[name].base}${urlPath}`;
  }

  /** Start a console's `next start` (the pid is the console itself: kill -9 kills the console) and wait for /api/health. */
  private async launch(name: ConsoleName, timeoutMs = 60_000): Promise<void> {
    const c = this.consoles[name];
    const log = fs.openSync(c.logPath, "a");
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "HOTSEAT_STORE_URL") delete env[key];
    Object.assign(env, {
      NODE_ENV: "production",
      HOTSEAT_CONFIG: c.configPath,
      HOTSEAT_INSTANCE: c.instance,
      NEXTAUTH_SECRET: this.secret,
      NEXTAUTH_URL: c.base,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    const child = spawn(process.execPath, [nextBin, "start", "-p", String(c.port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", log, log] });
    fs.closeSync(log);
    c.child = child;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`console ${name} exited at start:\n${this.logTail(name)}`);
      if (await this.health(name)) return;
      await sleep(200);
    }
    throw new Error(`console ${name} did not answer /api/health within ${timeoutMs} ms:\n${this.logTail(name)}`);
  }

  /** The last lines a console wrote (for failure messages). */
  logTail(name: ConsoleName, lines = 30): string {
    try {
      return fs.readFileSync(this.consoles[name].logPath, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no log)";
    }
  }

  /** Whether the console's process runs. */
  running(name: ConsoleName): boolean {
    const child = this.consoles[name].child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Send a signal to a console and wait until its process has ended. */
  async kill(name: ConsoleName, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.consoles[name].child;
    if (!child || !this.running(name)) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!gone) {
      child.kill("SIGKILL");
      await exited;
    }
  }

  /** Stop a console (if it runs) and start it again with the same config. */
  async restart(name: ConsoleName): Promise<void> {
    await this.kill(name, "SIGTERM");
    await this.launch(name);
  }

  /** GET /api/health of one console; null when it does not answer (in 2 s). */
  async health(name: ConsoleName): Promise<Health | null> {
    try {
      const res = await fetch(this.url(name, "/api/health"), { signal: AbortSignal.timeout(2000) });
      return res.ok ? ((await res.json()) as Health) : null;
    } catch {
      return null;
    }
  }

  /** The consoles whose /api/health says they lead now. */
  async leaders(): Promise<ConsoleName[]> {
    const answers = await Promise.all(CONSOLE_NAMES.map(async (name) => [name, await this.health(name)] as const));
    return answers.filter(([, h]) => h?.leader).map(([name]) => name);
  }

  /** Poll (every 50 ms) until `name` says it leads; the ms it took from `since`. */
  async waitForLeader(name: ConsoleName, timeoutMs = 10_000, since = performance.now()): Promise<number> {
    const deadline = since + timeoutMs;
    while (performance.now() < deadline) {
      if ((await this.health(name))?.leader) return performance.now() - since;
      await sleep(50);
    }
    throw new Error(`console ${name} did not lead within ${timeoutMs} ms:\n${this.logTail(name)}`);
  }

  /** A request to one console. */
  fetch(name: ConsoleName, urlPath: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.url(name, urlPath), { redirect: "manual", ...init });
  }

  /** A request with a lab API token (default: the viewer's). */
  fetchWithToken(name: ConsoleName, urlPath: string, token = "lab-viewer", init: RequestInit = {}): Promise<Response> {
    return this.fetch(name, urlPath, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.secrets.tokens[token]}` } });
  }

  /**
   * A password sign-in on one console, as the login form posts it (next-auth's CSRF token, then the
   * credentials callback); returns the session cookie ("next-auth.session-token=…") it set.
   */
  async signIn(name: ConsoleName, username: string, password = this.secrets.users[username]): Promise<string> {
    const csrf = await this.fetch(name, "/api/auth/csrf");
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await this.fetch(name, "/api/auth/callback/credentials", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, username, password, json: "true" }).toString(),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
    if (!session) throw new Error(`sign-in of ${username} on console ${name} failed (${res.status}): ${await res.text()}`);
    return session.split(";")[0];
  }

  /** Stop both consoles and nginx, drop the database, remove the directory. */
  async stop(): Promise<void> {
    await Promise.all(CONSOLE_NAMES.map((name) => this.kill(name, "SIGTERM")));
    await this.nginx?.stop();
    this.nginx = null;
    await this.dropDatabase().catch((err) => console.error("dropping the two consoles' database:", (err as Error).message));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const startTwoConsoles = (options?: TwoConsolesOptions) => TwoConsoles.start(options);
