import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { authorizeCredentials } from "@/lib/auth/options";
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

    const entries = listAudit({ action: "sign-in", user: "oncall" }).slice(0, 3);
    expect(entries.map((e) => [e.result, e.ip])).toEqual([
      ["ok", "10.0.0.7"],
      ["denied", stranger],
      ["denied", stranger],
    ]);
  });

  it("audits an empty username or password as denied", async () => {
    expect(await authorizeCredentials({ username: "boss", password: "" }, viaNginx("192.0.2.50"))).toBeNull();
    expect(await authorizeCredentials({ username: "", password: "x" }, viaNginx("192.0.2.50"))).toBeNull();
    const [anonymous, boss] = listAudit({ action: "sign-in" });
    expect(anonymous).toMatchObject({ actor: "anonymous", result: "denied", error: "empty username or password", ip: "192.0.2.50" });
    expect(boss).toMatchObject({ actor: "boss", result: "denied", error: "empty username or password", ip: "192.0.2.50" });
  });
});
