// The lab's shop traffic through nginx: `npm run lab -- up --with-site` starts it; run by hand with
// `tsx scripts/lab-workload.ts` (lab location from HOTSEAT_LAB_DIR / HOTSEAT_LAB_PORT_BASE).
import { labPaths } from "@/lab/paths";
import { startWorkload } from "@/lab/workload";

const argv = process.argv.slice(2);
const dirArg = argv.find((a) => a.startsWith("--lab-dir="));
const paths = labPaths(dirArg ? { dir: dirArg.slice("--lab-dir=".length) } : {});
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const workload = startWorkload(paths.siteUrl, { log });
log(`workload through ${paths.siteUrl}`);
const stop = () => {
  workload.stop();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
