import { describe, expect, it } from "vitest";
import { hookEnv } from "./env";
import { runShellHook } from "./run";

describe("a hook's environment", () => {
  it("holds PATH, HOME, LANG, TZ and the hook's own variables, nothing else", () => {
    const env = hookEnv(
      { HOTSEAT_MAINTENANCE_EVENT: "enable" },
      { PATH: "/bin", HOME: "/root", LANG: "C.UTF-8", NEXTAUTH_SECRET: "x", HOTSEAT_DB1_PASSWORD: "y", HOTSEAT_CONFIG: "/etc/h.json" },
    );
    expect(env).toEqual({ PATH: "/bin", HOME: "/root", LANG: "C.UTF-8", HOTSEAT_MAINTENANCE_EVENT: "enable" });
    expect(hookEnv({}, { TZ: "UTC" })).toEqual({ TZ: "UTC", PATH: "/usr/local/bin:/usr/bin:/bin" });
  });

  it("is what a real hook sees", async () => {
    const saved = process.env.HOTSEAT_OPS_PASSWORD;
    process.env.HOTSEAT_OPS_PASSWORD = "hunter2";
    try {
      const r = await runShellHook("env", { HOTSEAT_WRITER_ID: "db2" }, 5000);
      expect(r.ok).toBe(true);
      expect(r.stdout).toContain("HOTSEAT_WRITER_ID=db2");
      expect(r.stdout).not.toContain("hunter2");
    } finally {
      if (saved === undefined) delete process.env.HOTSEAT_OPS_PASSWORD;
      else process.env.HOTSEAT_OPS_PASSWORD = saved;
    }
  });
});
