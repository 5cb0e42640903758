import { processSingleton } from "@/lib/process-singleton";

/** Keys a limiter remembers at most: strangers can invent addresses and usernames without end. */
const MAX_KEYS = 10_000;

/**
 * Counts failed sign-ins in a sliding window, per key (a username, an address). In memory: a
 * restart forgets, which is acceptable for one console process and keeps the login path free of I/O.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until this key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, list[list.length - this.maxFailures] + this.windowMs - this.now());
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.delete(key); // re-inserted last: the map's order is oldest activity first
    this.failures.set(key, list);
    if (this.failures.size > MAX_KEYS) this.forgetOldest();
  }

  /** Take back the newest failure of this key (an attempt counted in advance that succeeded). */
  forgiveOne(key: string): void {
    const list = this.recent(key);
    list.pop();
    if (!list.length) this.failures.delete(key);
  }

  private forgetOldest(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_KEYS) break;
      this.failures.delete(key);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/**
 * Per username from one address: a guessed password five times is an attack, not a typo. Counted
 * per pair so that a stranger's failures never lock the on-call user out from their own address.
 */
export const SIGN_IN_MAX_PER_USER = 5;
/** Per address, whatever the usernames: higher, since a whole office may share one. */
export const SIGN_IN_MAX_PER_ADDRESS = 20;

export class SignInThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    const minutes = Math.ceil(retryAfterMs / 60_000);
    super(`Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
    this.name = "SignInThrottledError";
  }
}

/** Guards the credentials sign-in: per (username, address) pair and per client address. */
export class SignInThrottle {
  readonly byUserAndAddress: FailureLimiter;
  readonly byAddress: FailureLimiter;

  constructor(now: () => number = Date.now) {
    this.byUserAndAddress = new FailureLimiter(SIGN_IN_MAX_PER_USER, SIGN_IN_WINDOW_MS, now);
    this.byAddress = new FailureLimiter(SIGN_IN_MAX_PER_ADDRESS, SIGN_IN_WINDOW_MS, now);
  }

  private static pair(username: string, address: string): string {
    return `${username.toLowerCase().slice(0, 64)}\n${address}`;
  }

  /** Milliseconds until this username may try again from this address; 0 when it may now. */
  retryAfterMs(username: string, address: string): number {
    return Math.max(this.byUserAndAddress.retryAfterMs(SignInThrottle.pair(username, address)), this.byAddress.retryAfterMs(address));
  }

  /** Throws SignInThrottledError when the pair or the address is over its limit. */
  check(username: string, address: string): void {
    const wait = this.retryAfterMs(username, address);
    if (wait > 0) throw new SignInThrottledError(wait);
  }

  /**
   * One sign-in attempt, counted as a failure before the password is compared: parallel requests
   * then see each other's attempts and get no extra guesses. Throws SignInThrottledError when the
   * pair or the address is over its limit (that attempt is not counted); a correct password calls
   * succeeded(), which takes the count back.
   */
  attempt(username: string, address: string): void {
    this.check(username, address);
    this.failed(username, address);
  }

  failed(username: string, address: string): void {
    this.byUserAndAddress.fail(SignInThrottle.pair(username, address));
    this.byAddress.fail(address);
  }

  /** A correct password clears that pair's count, and the address forgets this attempt (it keeps earlier ones). */
  succeeded(username: string, address: string): void {
    this.byUserAndAddress.reset(SignInThrottle.pair(username, address));
    this.byAddress.forgiveOne(address);
  }
}

/** The process's one throttle (dev reloads and every bundled route share it). */
export function signInThrottle(): SignInThrottle {
  return processSingleton("__hotseatSignInThrottle", () => new SignInThrottle());
}
