import { describe, expect, it } from "vitest";
import { SIGN_IN_MAX_PER_ADDRESS, SIGN_IN_MAX_PER_USER, SIGN_IN_WINDOW_MS, SignInThrottle, SignInThrottledError } from "./rate-limit";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("sign-in throttle", () => {
  it("refuses a username after 5 failures in 15 minutes, with a clear message, and forgives after the window", () => {
    const c = clock();
    const throttle = new SignInThrottle(c.now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER; i++) {
      expect(() => throttle.check("oncall", `10.0.0.${i}`)).not.toThrow();
      throttle.failed("oncall", `10.0.0.${i}`);
    }
    expect(() => throttle.check("oncall", "10.0.0.99")).toThrow(SignInThrottledError);
    expect(() => throttle.check("ONCALL", "10.0.0.99")).toThrow(/Too many failed sign-ins\. Try again in 15 minutes\./);
    // another user from another address is unaffected
    expect(() => throttle.check("boss", "10.0.0.98")).not.toThrow();
    c.advance(SIGN_IN_WINDOW_MS + 1);
    expect(() => throttle.check("oncall", "10.0.0.99")).not.toThrow();
  });

  it("refuses an address that fails across many usernames", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_ADDRESS; i++) throttle.failed(`user${i}`, "192.0.2.7");
    expect(() => throttle.check("fresh-user", "192.0.2.7")).toThrow(SignInThrottledError);
    expect(() => throttle.check("fresh-user", "192.0.2.8")).not.toThrow();
  });

  it("a correct password clears the user's failures", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER - 1; i++) throttle.failed("cto", "127.0.0.1");
    throttle.succeeded("cto");
    for (let i = 0; i < SIGN_IN_MAX_PER_USER - 1; i++) throttle.failed("cto", "127.0.0.1");
    expect(() => throttle.check("cto", "127.0.0.1")).not.toThrow();
  });

  it("the retry time counts down from the oldest failure that still counts", () => {
    const c = clock();
    const throttle = new SignInThrottle(c.now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER; i++) {
      throttle.failed("boss", "127.0.0.1");
      c.advance(60_000);
    }
    // oldest failure was 5 minutes ago: 10 minutes to wait
    expect(throttle.byUser.retryAfterMs("boss")).toBe(SIGN_IN_WINDOW_MS - 5 * 60_000);
  });
});
