import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { ANONYMOUS_AUDIT_MAX_PER_WINDOW } from "@/lib/audit/anonymous-budget";
import { AUDITED_USERNAME_CHARS, authorizeCredentials } from "@/lib/auth/options";
import { SIGN_IN_MAX_PER_USER, SignInThrottledError } from "@/lib/auth/rate-limit";
import { useLabConfig } from "./auth-helpers";
import { labSecrets } from "./lab";

/**
 * The password sign-in behind nginx (HOTSEAT_TRUST_PROXY=1): a stranger guessing the on-call
 * user's password from one address is throttled there, while the on-call user still signs in from
 * their own; a forged X-Forwarded-For entry does not move the stranger to another address; an
 * empty form is audited as denied.
 */
const viaNginx = (client: string, forged?: string) => ({
  headers: { "x-forwarded-for": forged ? `${forged}, ${client}` : client },
});

describe("sign-in throttle, per username and address", () => {
  const before = process.env.HOTSEAT_TRUST_PROXY;
  beforeAll(() => {
    useLabConfig();
    process.env.HOTSEAT_TRUST_PROXY = "1";
  });
  afterAll(() => {
    if (before === undefined) delete process.env.HOTSEAT_TRUST_PROXY;
    else process.env.HOTSEAT_TRUST_PROXY = before;
  });

  it("a stranger's wrong passwords do not lock the on-call user out", async () => {
    const stranger = "198.51.100.66";
    for (let i = 0; i < SIGN_IN_MAX_PER_USER; i++) {
      // each time claiming to be someone else first: only the address nginx appended counts
      expect(await authorizeCredentials({ username: "oncall", password: `guess-${i}` }, viaNginx(stranger, `10.1.1.${i}`))).toBeNull();
    }
    await expect(authorizeCredentials({ username: "oncall", password: "guess-x" }, viaNginx(stranger, "10.0.0.7"))).rejects.toThrow(SignInThrottledError);
    // even the right password is refused from the throttled address...
    const password = labSecrets().users.oncall;
    await expect(authorizeCredentials({ username: "oncall", password }, viaNginx(stranger))).rejects.toThrow(/Too many failed sign-ins/);
    // ...but the on-call user, from their own address, gets in
    const user = await authorizeCredentials({ username: "oncall", password }, viaNginx("10.0.0.7"));
    expect(user).toMatchObject({ hsUser: "oncall", hsRole: "operator" });

    const entries = (await listAudit({ action: "sign-in", user: "oncall" })).slice(0, 3);
    expect(entries.map((e) => [e.result, e.ip])).toEqual([
      ["ok", "10.0.0.7"],
      ["denied", stranger],
      ["denied", stranger],
    ]);
  });

  it("audits an empty username or password as denied", async () => {
    expect(await authorizeCredentials({ username: "boss", password: "" }, viaNginx("192.0.2.50"))).toBeNull();
    expect(await authorizeCredentials({ username: "", password: "x" }, viaNginx("192.0.2.50"))).toBeNull();
    const [anonymous, boss] = await listAudit({ action: "sign-in" });
    expect(anonymous).toMatchObject({ actor: "anonymous", result: "denied", error: "empty username or password", ip: "192.0.2.50" });
    expect(boss).toMatchObject({ actor: "boss", result: "denied", error: "empty username or password", ip: "192.0.2.50" });
  });

  it("parallel guesses get no extra tries: of 12 sent at once, 5 are checked and 7 refused unchecked", async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => authorizeCredentials({ username: "cto", password: `parallel-${i}` }, viaNginx("198.51.100.90"))),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === null)).toHaveLength(SIGN_IN_MAX_PER_USER);
    expect(outcomes.filter((o) => o.status === "rejected" && o.reason instanceof SignInThrottledError)).toHaveLength(12 - SIGN_IN_MAX_PER_USER);
  });

  it("a flood of 50 kB usernames writes a bounded, truncated audit: ten rows, one summary, names of 64 characters", async () => {
    const flooder = "198.51.100.91";
    const since = new Date(); // the lab's store keeps earlier runs' rows
    for (let i = 0; i < 200; i++) {
      await authorizeCredentials({ username: `${i}-${"x".repeat(50_000)}`, password: "x" }, viaNginx(flooder)).catch((e: unknown) => {
        if (!(e instanceof SignInThrottledError)) throw e;
      });
    }
    const rows = (await listAudit({ action: "sign-in", since, limit: 1000 })).filter((e) => e.ip === flooder);
    expect(rows).toHaveLength(ANONYMOUS_AUDIT_MAX_PER_WINDOW + 1);
    expect(rows[0].error).toMatch(/further ones are counted, not logged/);
    expect(Math.max(...rows.map((e) => e.actor.length))).toBe(AUDITED_USERNAME_CHARS);
  });
});
