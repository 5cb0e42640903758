/** After the publish: the plain replicas the plan lets follow the new writer are repointed to it. */
import { readReplication, readVariables, type Connection, type Dialect } from "@/lib/mysql";
import { repointReplica } from "@/lib/mysql/failover";
import { gtidMissing } from "./gtid";
import type { FleetProbe, LiveProbe } from "./probe";
import { messageOf } from "./step-log";
import type { FailoverPlan, StepStatus } from "./types";

const REPOINT_TIMEOUT_MS = 5000;

/** Repoint each plain replica the plan says may follow; the others stay, with the reason. */
export async function repointReplicas(plan: FailoverPlan, probe: FleetProbe, C: LiveProbe): Promise<{ detail: string; status: StepStatus }> {
  if (!plan.replicas.length) return { detail: `no plain replica of ${plan.writer}`, status: "skipped" };
  const outcomes = await Promise.all(
    plan.replicas.map(async (r): Promise<{ ok: boolean; text: string }> => {
      const replica = probe.byId(r.id);
      if (r.action === "stay" || !replica?.conn) return { ok: r.action === "stay", text: `${r.id} stays: ${r.reason}` };
      try {
        if (plan.mode === "emergency") {
          // Positions moved since the plan: check again that the replica holds nothing the new writer lacks.
          const [mine, theirs] = await Promise.all([readVariables(replica.conn, 1500), readVariables(C.conn!, 1500)]);
          const ahead = gtidMissing(mine.gtidCurrentPos ?? mine.gtidExecuted, theirs.gtidCurrentPos ?? theirs.gtidExecuted);
          if (ahead > 0) return { ok: false, text: `${r.id} stays on ${plan.writer}: it has ${ahead} transaction(s) ${C.id} lacks` };
        }
        await repointReplica(replica.conn, replica.dialect!, { host: C.server.host, port: C.server.port }, REPOINT_TIMEOUT_MS);
        const state = await replicationHealthy(replica.conn, replica.dialect!);
        return { ok: state.ok, text: `${r.id} now replicates from ${C.id} (${state.text})` };
      } catch (err) {
        return { ok: false, text: `${r.id}: repointing failed: ${messageOf(err)}` };
      }
    }),
  );
  return { detail: outcomes.map((o) => o.text).join("; "), status: outcomes.every((o) => o.ok) ? "ok" : "warning" };
}

/** After START SLAVE: wait briefly for the IO thread to connect, and report errors. */
async function replicationHealthy(conn: Connection, dialect: Dialect): Promise<{ ok: boolean; text: string }> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const [ch] = await readReplication(conn, dialect, 1500);
    const err = ch?.lastIoError || ch?.lastSqlError;
    if (ch && ch.ioRunning && ch.sqlRunning && !err) return { ok: true, text: "IO and SQL threads running" };
    if (err || Date.now() > deadline)
      return { ok: false, text: `IO ${ch?.ioState ?? "?"}, SQL ${ch?.sqlRunning ? "running" : "stopped"}${err ? `: ${err}` : ""}` };
    await new Promise((r) => setTimeout(r, 100));
  }
}
