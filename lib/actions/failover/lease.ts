/**
 * Who runs a failover: every console process has an owner id, and a running switch (or the
 * recovery of one) holds a lease in its row that the owner renews. A run is orphaned when its
 * lease expired (any console, also over a shared store, may tell) or, at once, when its owner was a
 * process on this host that is gone (a console restarted after a crash).
 */
import crypto from "node:crypto";
import os from "node:os";
import type { Store } from "@/lib/store";
import { processSingleton } from "@/lib/process-singleton";

/** How long a lease lasts without renewal, and how often the owner renews it. */
export const LEASE_MS = 15_000;
export const LEASE_RENEW_MS = 5_000;

/** This process's owner id: host:pid:start:random, unique per process start. */
export function consoleOwner(): string {
  return processSingleton("__hotseatConsoleOwner", () => [os.hostname(), process.pid, new Date().toISOString(), crypto.randomBytes(4).toString("hex")].join(":"));
}

function parseOwner(owner: string): { host: string; pid: number } | null {
  // The start time holds colons too: host first, pid second, the rest does not matter here.
  const [host, pid] = owner.split(":");
  return host && /^\d+$/.test(pid ?? "") ? { host, pid: Number(pid) } : null;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, only not ours to signal
  }
}

/**
 * The owner is known to be gone without waiting for its lease: a process of this host that no longer
 * runs, or this very pid with another start (a restarted console in a container reuses its pid).
 */
export function ownerIsGone(owner: string | null, me: string = consoleOwner()): boolean {
  if (!owner) return true;
  if (owner === me) return false;
  const them = parseOwner(owner);
  const self = parseOwner(me);
  if (!them || !self || them.host !== self.host) return false;
  return them.pid === self.pid || !processAlive(them.pid);
}

export const leaseUntil = (now = Date.now()) => new Date(now + LEASE_MS).toISOString();

/**
 * Keep renewing the lease of run `id` while the switch (or its recovery) runs; returns the release.
 * A renewal that finds the run no longer ours (another console recovered it) or already ended
 * (its lease cleared) stops renewing: a late renewal never gives a finished run its lease back.
 */
export function holdLease(id: number, db: Store, owner: string = consoleOwner()): () => void {
  let renewing = false;
  const renew = async () => {
    if (renewing) return; // a store slower than the period: one renewal at a time
    renewing = true;
    try {
      const r = await db
        .updateTable("failover_runs")
        .set({ lease_expires_at: leaseUntil() })
        .where("id", "=", id)
        .where("owner", "=", owner)
        .where("status", "in", ["running", "interrupted"])
        .where("lease_expires_at", "is not", null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) clearInterval(timer);
    } catch (err) {
      console.error("[hotseat] could not renew the failover lease:", err);
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(() => void renew(), LEASE_RENEW_MS);
  timer.unref();
  return () => clearInterval(timer);
}
