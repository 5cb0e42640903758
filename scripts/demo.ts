/**
 * `npm run demo`: the lab (four real mariadbd, the PHP demo shop on php-fpm behind nginx, and its traffic) and the dashboard,
 * with one command. Ctrl-C stops the dashboard and takes the lab down.
 */
import { spawn, spawnSync } from "node:child_process";
import { LAB_USERS, labDown, labUp } from "@/lab";

const port = Number(process.env.PORT ?? 3000);
process.env.HOTSEAT_URL ??= `http://127.0.0.1:${port}`; // the demo site asks this console for the writer

async function main() {
  const lab = await labUp({ withSite: true, log: (line) => console.log(line) });
  // A production build: `next dev` would reload on every write the lab's servers make under var/.
  console.log("building the console (next build)…");
  if (spawnSync("npx", ["next", "build"], { stdio: "inherit" }).status !== 0) throw new Error("next build failed");
  const next = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: "inherit",
    env: { ...process.env, HOTSEAT_CONFIG: lab.configPath, NEXTAUTH_URL: `http://127.0.0.1:${port}` },
  });

  console.log(`
  Hot Seat:   http://127.0.0.1:${port}    (status page: http://127.0.0.1:${port}/status)
  Demo shop:  ${lab.siteUrl}
  Sign in as: ${LAB_USERS.map((u) => `${u.username} / ${lab.secrets.users[u.username]} (${u.role})`).join("\n              ")}
  Scenarios:  npm run lab -- scenario batch-lag | stop-sql db4 | freeze db1 | rogue-query | app-pileup | …
  Ctrl-C stops everything.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    next.kill("SIGTERM");
    await labDown();
    console.log("lab down");
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  next.on("exit", stop);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await labDown().catch(() => undefined);
  process.exit(1);
});
