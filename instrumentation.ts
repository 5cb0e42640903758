// Next calls register() once per server process. The Node-only start-up lives in lib/boot, imported
// only on the Node runtime so the Edge bundle never sees it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    (await import("@/lib/auth/address")).stampClientAddresses(); // before the first request: every one carries its connection's address
    await (await import("@/lib/boot")).boot();
  }
}
