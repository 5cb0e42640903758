import { z } from "zod";
import { listAudit } from "@/lib/audit";
import { ApiError } from "@/lib/errors";
import type { AppServerConfig } from "@/lib/config";
import { runShellHook } from "@/lib/hooks/run";
import { APP_SERVICES, type AppService, type CausalLine } from "./types";

export const RESTART_ACTION = "appserver.restart";
/** The third restart of one app server inside this window needs an acknowledgement. */
export const RESTART_WINDOW_MS = 10 * 60_000;
const RESTARTS_BEFORE_ACK = 2;
const AUDIT_OUTPUT_CHARS = 1000;
/** App servers with a restart running now: a second one waits for the first to finish. */
const running = new Set<string>();

export const appServerParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not an app server id") }).strict();
export const restartBodySchema = z
  .object({
    service: z.enum(APP_SERVICES as [AppService, ...AppService[]]),
    /** "I know this is the third restart in ten minutes" */
    acknowledge: z.boolean().optional(),
  })
  .strict();
export type RestartBody = z.infer<typeof restartBodySchema>;

/** What the operator gets back: how it ended, never the command or its output (the audit log has the output). */
export interface RestartOutcome {
  appServerId: string;
  service: AppService;
  result: "ok" | "failed" | "timed_out";
  exitCode: number | null;
  durationMs: number;
  /** Restarts of this app server in the last ten minutes, this one included. */
  restartsInWindow: number;
  message: string;
}

export interface RestartRequest {
  appServer: AppServerConfig | undefined;
  appServerId: string;
  body: RestartBody;
  /** The route's audit entry: the restart adds what it checked and how the command ended. */
  audit: Record<string, unknown>;
  /** Records the call as an error in the audit although it answers 200 (the command failed). */
  auditFailure: (message: string) => void;
  /** The causal line now, if it holds: the refusal says the cause is in the database. */
  causal: CausalLine | null;
}

/** Restarts whose command ran (ok, failed or timed out) on one app server since `since`, from the audit; refusals do not count. */
export async function recentRestarts(appServerId: string, since: Date): Promise<number> {
  const entries = await listAudit({ action: RESTART_ACTION, server: appServerId, since, limit: 100 });
  return entries.filter((e) => e.params?.outcome != null).length;
}

/**
 * Run the configured restart command of one service on one app server (/bin/sh -c, minimal
 * environment, process group killed at restartTimeoutMs), audited with its outcome. Refused
 * (409) without a configured command, and for the third restart within ten minutes unless
 * acknowledged; the refusal names the database when the causal line holds.
 */
export async function restartAppServer(req: RestartRequest): Promise<RestartOutcome> {
  const { body, appServerId, audit: params } = req;
  const refuse = (rule: string, message: string, extra: Record<string, unknown> = {}) => new ApiError("conflict", message, { rule, ...extra });
  if (!req.appServer) throw new ApiError("not_found", `No app server ${appServerId}`);
  const command = req.appServer.restart?.[body.service];
  if (!command) throw refuse("not_configured", `No restart command is configured for ${body.service} on ${appServerId} (appServers[].restart)`);

  if (running.has(appServerId)) throw refuse("restart_running", `A restart of ${appServerId} is running; wait for it to finish`);
  const before = await recentRestarts(appServerId, new Date(Date.now() - RESTART_WINDOW_MS));
  params.restartsBefore = before;
  if (before >= RESTARTS_BEFORE_ACK && body.acknowledge !== true) {
    const cause = req.causal ? ` The cause is in the database: ${req.causal.message}` : "";
    throw refuse(
      "restart_flapping",
      `${appServerId} was restarted ${before} times in the last 10 minutes; acknowledge to restart it again.${cause}`,
      { restartsInWindow: before, causal: req.causal },
    );
  }

  running.add(appServerId);
  const r = await runShellHook(command, { HOTSEAT_APP_SERVER_ID: appServerId, HOTSEAT_APP_SERVICE: body.service }, req.appServer.restartTimeoutMs).finally(() =>
    running.delete(appServerId),
  );
  const result: RestartOutcome["result"] = r.ok ? "ok" : r.timedOut ? "timed_out" : "failed";
  Object.assign(params, { outcome: result, exitCode: r.exitCode, output: `${r.stdout}${r.stderr}`.trim().slice(-AUDIT_OUTPUT_CHARS) });
  if (!r.ok) req.auditFailure(r.error ?? "the restart command failed");
  const how = r.ok ? "done" : r.timedOut ? `killed after ${req.appServer.restartTimeoutMs} ms` : `failed (${r.error ?? "unknown"})`;
  return {
    appServerId,
    service: body.service,
    result,
    exitCode: r.exitCode,
    durationMs: r.durationMs,
    restartsInWindow: before + 1,
    message: `Restart of ${body.service} on ${appServerId}: ${how} in ${r.durationMs} ms.`,
  };
}
