/**
 * `npm run bench [name]`: run one benchmark (collector, status-crowd, failover-window, statement,
 * exporter-cost, fleet-view, leader-takeover, scale) or all but the on-demand ones (scale: a hundred servers).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const all = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !["run.ts", "lib.ts"].includes(f)).map((f) => f.replace(/\.ts$/, ""));
const wanted = process.argv.slice(2);
const ON_DEMAND = ["scale"];
const chosen = wanted.length ? wanted : all.filter((name) => !ON_DEMAND.includes(name));
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; choose from: ${all.join(", ")}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of chosen) {
  console.log(`\n### bench/${name}.ts`);
  const r = spawnSync(path.join(dir, "../node_modules/.bin/tsx"), [path.join(dir, `${name}.ts`)], { stdio: "inherit" });
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
