/** What a failover works with: the config, the collector's last-known samples, the store. Injectable for tests. */
import { getCollector, type FleetReader } from "@/lib/collector";
import { getConfig, type HotSeatConfig } from "@/lib/config";
import { store, type Store } from "@/lib/store";

export interface FailoverDeps {
  config?: HotSeatConfig;
  /** last-known samples for servers that do not answer now; null to run without a collector */
  collector?: FleetReader | null;
  db?: Store;
}

export async function failoverContext(deps: FailoverDeps) {
  const config = deps.config ?? getConfig();
  const collector = deps.collector === undefined ? getCollector() : deps.collector;
  const db = deps.db ?? (await store());
  return { config, collector, db };
}
