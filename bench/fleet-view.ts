/**
 * The fleet view's weight, measured side by side in one run (no lab needed): the GET /api/topology
 * answer's JSON size for the 4-server story and for 100 servers in 10 clusters (goal: under
 * 200 kB at 100), GET /api/history's (sparklines), and the time react-dom/server takes to render
 * the fleet table and the topology picture at 4 and at 100 servers.
 */
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { lagSparklines } from "@/lib/collector/lag-sparklines";
import { analyseFleet } from "@/lib/topology/analyse";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import type { TopologyView } from "@/lib/topology/types";
import { FleetTable } from "@/components/fleet/fleet-table";
import { TopologyPicture } from "@/components/topology/topology-picture";
import { bigFleet } from "./support/big-fleet";

const fmt = (n: number, d = 2) => n.toFixed(d);
const kB = (bytes: number) => `${fmt(bytes / 1000, 1)} kB`;

function views(): { label: string; view: TopologyView }[] {
  const big = bigFleet(10, 10);
  return [
    { label: "4 servers, 1 cluster", view: analyseFleet(storyFleet(), { now: NOW }) },
    { label: "100 servers, 10 clusters", view: analyseFleet(big.snapshot, { now: NOW, clusterLabels: big.clusterLabels }) },
  ];
}

/** An hour of one-second history per server with a slow wave of lag, as the collector keeps it. */
function historyOf(view: TopologyView) {
  const entries = Array.from({ length: 3600 }, (_, i) => ({ t: NOW - (3600 - i) * 1000, lagSeconds: 0.4 + Math.abs(Math.sin(i / 60)) * 3 }));
  return lagSparklines(view.servers.map((s) => ({ id: s.id, entries })), 300, NOW);
}

/** Median milliseconds of renderToString over enough rounds for at least 1 s of work. */
function renderMs(element: () => ReactElement): number {
  for (let i = 0; i < 3; i++) renderToString(element()); // warm up the JIT
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 15 || (performance.now() - started < 1000 && times.length < 500)) {
    const t0 = performance.now();
    renderToString(element());
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function main() {
  const rows = views().map(({ label, view }) => {
    const history = historyOf(view);
    const topologyBytes = Buffer.byteLength(JSON.stringify(view));
    return {
      label,
      servers: view.servers.length,
      topologyBytes,
      historyBytes: Buffer.byteLength(JSON.stringify(history)),
      table: renderMs(() => createElement(FleetTable, { view, initialFilter: {}, requestedLayout: "fleet", history })),
      picture: renderMs(() => createElement(TopologyPicture, { view })),
    };
  });
  console.log("\nGET /api/topology and GET /api/history?seconds=300 answer sizes (JSON, before compression)");
  console.log("    fleet                        topology    per server   history    goal: topology < 200 kB at 100");
  for (const r of rows) {
    console.log(`    ${r.label.padEnd(28)} ${kB(r.topologyBytes).padStart(9)}   ${kB(r.topologyBytes / r.servers).padStart(9)}   ${kB(r.historyBytes).padStart(8)}    ${r.servers < 100 ? "" : r.topologyBytes < 200_000 ? "met" : "MISSED"}`);
  }
  console.log("\nrenderToString, median ms (server render; the browser's first paint of the same tree)");
  console.log("    fleet                        fleet table   topology picture");
  for (const r of rows) console.log(`    ${r.label.padEnd(28)} ${fmt(r.table).padStart(11)}   ${fmt(r.picture).padStart(16)}`);
  const [small, large] = rows;
  console.log(`    100 vs 4: table ×${fmt(large.table / small.table, 1)}, picture ×${fmt(large.picture / small.picture, 1)} for ×${large.servers / small.servers} servers (per server: table ${fmt((large.table / large.servers) * 1000, 0)} µs vs ${fmt((small.table / small.servers) * 1000, 0)} µs)`);
  console.log(`    one frame is 16.7 ms: the 100-server table renders in ${fmt(large.table / 16.7, 2)} frames`);
}

main();
