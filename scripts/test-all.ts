/**
 * `npm test`: every check and test, in order of cost. Static checks and unit tests first, then the
 * build, then a test lab of real mariadbd processes for the integration and end-to-end suites (both
 * start the build with `next start`; PostgreSQL must be running, as .ci/run makes sure), torn down at the end.
 * Prints one closing line "tests: N passed, N failed" summed over every runner.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { testLab } from "@/lab/paths";

const root = path.resolve(import.meta.dirname, "..");
// The lab, its ports and the e2e port are overridable so that several checkouts can run their suites side by side.
const lab = testLab();
const e2ePort = process.env.HOTSEAT_E2E_PORT ?? "3100";
const reports = path.join(root, "var/test-reports");
fs.mkdirSync(reports, { recursive: true });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  HOTSEAT_LAB_DIR: lab.dir,
  HOTSEAT_LAB_PORT_BASE: String(lab.portBase),
  HOTSEAT_CONFIG: path.join(lab.dir, "hotseat.config.json"),
  HOTSEAT_E2E_PORT: e2ePort,
  HOTSEAT_URL: `http://127.0.0.1:${e2ePort}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(step: string, cmd: string, args: string[]): boolean {
  console.log(`\n=== ${step}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  const ok = result.status === 0;
  console.log(`=== ${step}: ${ok ? "ok" : `FAILED (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(step);
  return ok;
}

/** Count a vitest JSON report's results. */
function countVitest(file: string): void {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
}

/** Count a Playwright JSON report's results. */
function countPlaywright(file: string): void {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  passed += report.stats?.expected ?? 0;
  failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
}

for (const f of fs.readdirSync(reports)) fs.rmSync(path.join(reports, f));

run("typecheck", "npx", ["tsc", "--noEmit"]);
run("lint", "npx", ["eslint", "."]);
run("unit", "npx", ["vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/unit.json`]);
countVitest(`${reports}/unit.json`);

// Built before the integration suite: some of its tests start real `next start` consoles (two on one
// PostgreSQL store, behind nginx), and the end-to-end suite runs the same build.
const built = run("build", "npx", ["next", "build"]);
const tsx = path.join(root, "node_modules/.bin/tsx");
run("lab down (leftovers)", tsx, ["scripts/lab.ts", "down"]);
if (run("lab up", tsx, ["scripts/lab.ts", "up", "--with-site"])) {
  try {
    run("integration", "npx", [
      "vitest", "run", "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/integration.json`,
    ]);
    countVitest(`${reports}/integration.json`);
    if (built) {
      env.PLAYWRIGHT_JSON_OUTPUT_NAME = `${reports}/e2e.json`;
      run("e2e", "npx", ["playwright", "test", "--reporter=list,json"]);
      countPlaywright(`${reports}/e2e.json`);
    }
  } finally {
    run("lab down", tsx, ["scripts/lab.ts", "down"]);
  }
}

console.log(`\nFailed steps: ${failures.length ? failures.join(", ") : "none"}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
