import { getCollector } from "@/lib/collector";
import { getAppServers } from "./index";
import type { AppServerView, CausalLine } from "./types";

/** GET /api/app-servers and the dashboard's app-tier row: every app server and the causal line, from memory. */
export interface AppTierView {
  generatedAt: string;
  appServers: AppServerView[];
  /** When it holds: the app servers wait on the database, and which database problem it is. */
  causalLine: CausalLine | null;
}

export function appTierView(now = Date.now()): AppTierView {
  const fleet = getAppServers();
  const { generatedAt, appServers } = fleet.snapshot(now);
  return { generatedAt, appServers, causalLine: fleet.causalLine(getCollector().topology(now).problems, now) };
}
