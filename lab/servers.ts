import fs from "node:fs";
import type { ServerPaths } from "./paths";
import { processState, sleep, spawnDetached } from "./processes";
import { rootConnection } from "./sql";
import type { LabServerState } from "./state";

/** The last lines of a server's error log, for error messages. */
export function errorLogTail(server: ServerPaths, lines = 15): string {
  for (const file of [server.errorLog, server.stdoutLog]) {
    try {
      const text = fs.readFileSync(file, "utf8").trim();
      if (text) return text.split("\n").slice(-lines).join("\n");
    } catch {
      // try the next file
    }
  }
  return "(no log output)";
}

/** Start one server process from its recorded command; returns the new pid. */
export function launchServer(server: ServerPaths, st: Pick<LabServerState, "command" | "args">): number {
  fs.mkdirSync(server.home, { recursive: true });
  return spawnDetached(st.command, st.args, { logFile: server.stdoutLog, cwd: server.home });
}

/**
 * Wait until the server accepts a root login on its socket. Tries each password in turn
 * (none before `up` has set one, the lab's root password after). Fails fast if the process dies.
 */
export async function waitForServer(
  server: ServerPaths,
  pid: number,
  passwords: string[],
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (processState(pid, server.dataDir) === "stopped") {
      throw new Error(`${server.id} (pid ${pid}) exited during start-up:\n${errorLogTail(server)}`);
    }
    if (fs.existsSync(server.socket)) {
      for (const password of passwords) {
        try {
          const conn = await rootConnection(server, password, 1000);
          await conn.end();
          return;
        } catch (err) {
          lastError = (err as Error).message;
        }
      }
    }
    await sleep(100);
  }
  throw new Error(`${server.id} did not accept connections within ${timeoutMs} ms (${lastError}):\n${errorLogTail(server)}`);
}
