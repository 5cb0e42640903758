import type { AppServerConfig } from "@/lib/config";
import { fetchStatusPage } from "./fetch-status";
import { counterRate, parsePhpFpmStatus, parseStubStatus } from "./parse";
import type { AppServerSample, EndpointRead } from "./types";

async function read<T>(url: string | undefined, timeoutMs: number, parse: (text: string) => T): Promise<EndpointRead<T> | null> {
  if (!url) return null;
  try {
    const status = parse(await fetchStatusPage(url, timeoutMs));
    return { ok: true, status, at: Date.now() };
  } catch (err) {
    return { ok: false, error: (err as Error).message.slice(0, 200), at: Date.now() };
  }
}

/**
 * Polls one app server's php-fpm status page and nginx stub_status, both at once, each with a
 * timeout. A poll still running when the next tick comes is not doubled: the tick is skipped and
 * `busyFor` tells the fleet how long it has been stuck.
 */
export class AppServerPoller {
  sample: AppServerSample;
  private inFlightSince: number | null = null;

  constructor(
    readonly server: AppServerConfig,
    private readonly timeoutMs: number,
  ) {
    this.sample = {
      id: server.id,
      name: server.name ?? server.id,
      sampledAt: 0,
      lastSeenAt: null,
      phpFpm: null,
      nginx: null,
      acceptedPerSecond: null,
      requestsPerSecond: null,
    };
  }

  busyFor(now = Date.now()): number {
    return this.inFlightSince == null ? 0 : now - this.inFlightSince;
  }

  async poll(): Promise<void> {
    if (this.inFlightSince != null) return;
    this.inFlightSince = Date.now();
    try {
      const [phpFpm, nginx] = await Promise.all([
        read(this.server.phpFpmStatusUrl, this.timeoutMs, parsePhpFpmStatus),
        read(this.server.nginxStatusUrl, this.timeoutMs, parseStubStatus),
      ]);
      const before = this.sample;
      const rate = <T>(prev: EndpointRead<T> | null, cur: EndpointRead<T> | null, value: (s: T) => number) =>
        cur?.ok && prev?.ok ? counterRate({ value: value(prev.status), at: prev.at }, { value: value(cur.status), at: cur.at }) : null;
      const now = Date.now();
      const allAnswered = (phpFpm === null || phpFpm.ok) && (nginx === null || nginx.ok);
      this.sample = {
        ...before,
        sampledAt: now,
        lastSeenAt: allAnswered ? now : before.lastSeenAt,
        phpFpm,
        nginx,
        acceptedPerSecond: rate(before.phpFpm, phpFpm, (s) => s.acceptedConnections),
        requestsPerSecond: rate(before.nginx, nginx, (s) => s.requests),
      };
    } finally {
      this.inFlightSince = null;
    }
  }
}
