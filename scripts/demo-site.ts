// The lab's demo shop: `npm run lab -- up --with-site` starts it; run by hand with
// `tsx scripts/demo-site.ts [--workload]` (lab location from HOTSEAT_LAB_DIR / HOTSEAT_LAB_PORT_BASE).
import { runDemoSite } from "@/lab/demo-site";
import { labPaths } from "@/lab/paths";

async function main() {
  const argv = process.argv.slice(2);
  const dirArg = argv.find((a) => a.startsWith("--lab-dir="));
  const paths = labPaths(dirArg ? { dir: dirArg.slice("--lab-dir=".length) } : {});
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const site = await runDemoSite(paths, { workload: argv.includes("--workload"), log });
  log(`demo site on ${paths.siteUrl}${site.workload ? " with workload" : ""}; writer ${site.router.snapshot.writer.id}`);
  const stop = async () => {
    await site.close().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
