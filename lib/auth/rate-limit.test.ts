import { describe, expect, it } from "vitest";
import { SIGN_IN_MAX_PER_ADDRESS, SIGN_IN_MAX_PER_USER, SIGN_IN_WINDOW_MS, SignInThrottle, SignInThrottledError } from "./rate-limit";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("sign-in throttle", () => {
  it("refuses a username from one address after 5 failures in 15 minutes, with a clear message, and forgives after the window", () => {
    const c = clock();
    const throttle = new SignInThrottle(c.now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER; i++) {
      expect(() => throttle.check("oncall", "198.51.100.66")).not.toThrow();
      throttle.failed("oncall", "198.51.100.66");
    }
    expect(() => throttle.check("oncall", "198.51.100.66")).toThrow(SignInThrottledError);
    expect(() => throttle.check("ONCALL", "198.51.100.66")).toThrow(/Too many failed sign-ins\. Try again in 15 minutes\./);
    c.advance(SIGN_IN_WINDOW_MS + 1);
    expect(() => throttle.check("oncall", "198.51.100.66")).not.toThrow();
  });

  it("a stranger's failures do not lock the on-call user out from their own address", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER * 3; i++) throttle.failed("oncall", "198.51.100.66");
    expect(() => throttle.check("oncall", "198.51.100.66")).toThrow(SignInThrottledError);
    expect(() => throttle.check("oncall", "10.0.0.5")).not.toThrow();
    // ... nor failures spread over many addresses
    for (let i = 0; i < 50; i++) throttle.failed("oncall", `203.0.113.${i}`);
    expect(() => throttle.check("oncall", "10.0.0.5")).not.toThrow();
  });

  it("refuses an address that fails across many usernames", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_ADDRESS; i++) throttle.failed(`user${i}`, "192.0.2.7");
    expect(() => throttle.check("fresh-user", "192.0.2.7")).toThrow(SignInThrottledError);
    expect(() => throttle.check("fresh-user", "192.0.2.8")).not.toThrow();
  });

  it("a correct password clears that pair's failures", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER - 1; i++) throttle.failed("cto", "127.0.0.1");
    throttle.succeeded("cto", "127.0.0.1");
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
    expect(throttle.retryAfterMs("boss", "127.0.0.1")).toBe(SIGN_IN_WINDOW_MS - 5 * 60_000);
  });
});

describe("sign-in attempts counted before the password check", () => {
  it("parallel attempts share one budget: the sixth is refused before any of them has been answered", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_USER; i++) throttle.attempt("oncall", "198.51.100.66"); // none answered yet
    expect(() => throttle.attempt("oncall", "198.51.100.66")).toThrow(SignInThrottledError);
  });

  it("a success takes its attempt back from the address, and clears the pair", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < SIGN_IN_MAX_PER_ADDRESS - 1; i++) {
      throttle.attempt("cto", "127.0.0.1");
      throttle.succeeded("cto", "127.0.0.1");
    }
    expect(() => throttle.attempt("someone", "127.0.0.1")).not.toThrow();
    expect(() => throttle.attempt("cto", "127.0.0.1")).not.toThrow();
  });

  it("remembers a bounded number of keys, and the username part of a key is bounded too", () => {
    const throttle = new SignInThrottle(clock().now);
    for (let i = 0; i < 12_000; i++) throttle.failed(`${"x".repeat(100)}${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    const sizes = [throttle.byUserAndAddress, throttle.byAddress].map((l) => (l as unknown as { failures: Map<string, number[]> }).failures.size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10_000);
    const keys = [...(throttle.byUserAndAddress as unknown as { failures: Map<string, number[]> }).failures.keys()];
    expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(64 + 1 + 15);
  });
});
