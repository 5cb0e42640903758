import { afterEach, describe, expect, it } from "vitest";
import { analyseSnapshot } from "@/lib/collector/collector";
import type { FleetReader } from "@/lib/collector/reader";
import { parseConfig } from "@/lib/config/load";
import { setLeader } from "@/lib/leader";
import { Notifier } from "@/lib/notify/notifier";
import { tempStores } from "@/lib/store/temp-store";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import { openEpisodes } from "./episodes";
import { AlertEngine } from "./runner";

const config = parseConfig({
  servers: ["db1", "db2", "db3", "db4"].map((id, i) => ({ id, host: "127.0.0.1", port: 33061 + i, user: "hotseat", password: "x" })),
  alerts: { rules: { server_unreachable: { forSeconds: 0, resolveSeconds: 5 } } },
});
const frozen = storyFleet({ db3: { reachable: false, error: "connect ETIMEDOUT", lastSeenAt: NOW - 10_000 } });
const collector = {
  config,
  snapshot: () => frozen,
  topology: (now = NOW) => analyseSnapshot(config, frozen, now),
} as Partial<FleetReader> as FleetReader;
const store = tempStores("alerts-runner");

describe("the alert engine and the console's leadership", () => {
  afterEach(() => setLeader(true));

  it("records nothing while the console follows; on taking the lead it records what fires", async () => {
    const db = await store();
    const engine = new AlertEngine({ collector, config, notifier: new Notifier({ webhooks: [], db }), maintenance: () => false, db });
    setLeader(false);
    await engine.tick(NOW);
    expect(engine.current()).toMatchObject([{ ruleId: "server_unreachable", serverId: "db3", status: "firing", episodeId: null }]);
    expect(await openEpisodes(db)).toEqual([]);

    setLeader(true);
    await engine.tick(NOW + 1_000);
    const [open] = await openEpisodes(db);
    expect(open).toMatchObject({ rule: "server_unreachable", serverId: "db3", pendingSince: new Date(NOW).toISOString() });
    expect(engine.current()).toMatchObject([{ status: "firing", episodeId: open.id }]);
    await engine.tick(NOW + 2_000);
    expect(await openEpisodes(db)).toHaveLength(1);
  });
});
