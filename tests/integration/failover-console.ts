/**
 * A console process for the crash test: it starts as the console's boot does (recovering what an
 * earlier start left running), then, when asked, runs a real switch through the same code as
 * POST /api/failover. Started with `node --import tsx`, so the pid the test kills is the very
 * process that owns the run (the tsx CLI would put a parent in between).
 *
 *   node --import tsx tests/integration/failover-console.ts [switch <candidate> [<at epoch ms>]]
 *
 * With `at`, the switch is asked at that instant (two consoles asked at the same moment).
 * Prints one JSON line per event on stdout.
 */
import { runFailover, startFailoverRecovery } from "@/lib/actions/failover";

const say = (event: Record<string, unknown>) => process.stdout.write(JSON.stringify(event) + "\n");

async function main(): Promise<number> {
  const [command, candidate, at] = process.argv.slice(2);
  const recovered = await startFailoverRecovery({ collector: null });
  say({ event: "started", pid: process.pid, recovered: recovered.map((r) => ({ id: r.id, status: r.status, message: r.message })) });
  if (command !== "switch") return 0;
  if (at) await new Promise((r) => setTimeout(r, Math.max(0, Number(at) - Date.now())));
  try {
    const run = await runFailover(
      { body: { candidate, mode: "graceful", acknowledge: true }, caller: { name: "oncall", role: "operator", via: "token" } },
      { collector: null },
    );
    say({ event: "switched", id: run.id, status: run.status, to: run.to });
    return 0;
  } catch (err) {
    say({ event: "failed", message: (err as Error).message, rule: (err as { details?: { rule?: string } }).details?.rule ?? null });
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
